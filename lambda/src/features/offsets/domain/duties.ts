/**
 * Who owns every status that is not final, and by when it must have moved on (item 1 of issue 10): written down once,
 * here, for one-off orders and for the monthly plan's charge records. The scheduled job
 * (use-cases/run-monthly-charges.ts, hourly) enforces the deadlines; a test checks that every status is either final
 * or in these tables, so a new status cannot be added without an owner.
 *
 * Final means nothing is owed either way: no money in flight, no reference whose outcome is unknown, nothing paid for
 * and not delivered. A declined or failed order is final for its reference (nothing was taken); the customer may still
 * confirm it again with a new one while its quote lasts, which makes it `charging` again with an owner.
 */
import type { MonthlyCharge, MonthlyChargeStatus } from './monthly-charges';
import type { OffsetOrder, OrderStatus } from './order';

/** Who moves a record on: the customer (by voice or on the account page), the scheduled job, or a person. */
export type DutyOwner = 'customer' | 'scheduled-job' | 'support';

export interface Duty {
  /** Who moves it on before the deadline. */
  readonly owner: DutyOwner;
  /** What the owner does meanwhile. */
  readonly meanwhile: string;
  /** How long it may stay (ms), from `since`. */
  readonly deadlineMs: number;
  /** What the scheduled job does once the deadline has passed. */
  readonly atDeadline: string;
}

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

export const FINAL_ORDER_STATUSES = ['fulfilled', 'refunded', 'declined', 'failed', 'cancelled', 'expired'] as const;
export type FinalOrderStatus = (typeof FINAL_ORDER_STATUSES)[number];
export type OpenOrderStatus = Exclude<OrderStatus, FinalOrderStatus>;

export const ORDER_DUTIES: Readonly<Record<OpenOrderStatus, Duty>> = {
  quoted: {
    owner: 'customer',
    meanwhile: 'says yes or no to the read-back (offered again at the next launch)',
    // From the quote's own expiry (quote.expiresAt), not a fixed time.
    deadlineMs: 0,
    atDeadline: 'expired: nothing was charged',
  },
  charging: {
    owner: 'scheduled-job',
    meanwhile:
      "looks the charge up by its reference on the rail (so does the customer's next session): completes, fulfils or releases it; a card charge never received is sent again with the same key",
    // Amazon Pay decides an asynchronous (Pending) authorization within 24 hours.
    deadlineMs: 2 * DAY,
    atDeadline: 'review (unsettled): a person reconciles it with the payment service',
  },
  'awaiting-authentication': {
    owner: 'customer',
    meanwhile: 'confirms with their bank on the account page; the job looks the payment up every run',
    deadlineMs: 7 * DAY,
    atDeadline: 'the payment is cancelled at Stripe and the order cancelled: nothing was charged',
  },
  review: {
    owner: 'scheduled-job',
    meanwhile:
      'looks the charge up again: paid for exactly this order (charged, then fulfilled), nothing taken (failed), or still not matching',
    deadlineMs: 3 * DAY,
    atDeadline:
      'logged every run as order-review-overdue for a person (MonthlyJobOverdueAlarm): refund or confirm by hand',
  },
  charged: {
    owner: 'customer',
    meanwhile: 'the turn that took the payment fulfils it at once',
    // The job's grace for a turn still working on it.
    deadlineMs: 60_000,
    atDeadline: 'the job retires the credits (fulfilment-pending if the provider fails)',
  },
  'fulfilment-pending': {
    owner: 'scheduled-job',
    meanwhile: 'retries the retirement every run with the order ID as the key (never retired twice)',
    deadlineMs: 7 * DAY,
    atDeadline:
      'logged every run as fulfilment-overdue for a person (MonthlyJobOverdueAlarm): retire by hand or refund',
  },
};

export const FINAL_MONTHLY_CHARGE_STATUSES = ['fulfilled', 'declined', 'rejected'] as const;
export type FinalMonthlyChargeStatus = (typeof FINAL_MONTHLY_CHARGE_STATUSES)[number];
export type OpenMonthlyChargeStatus = Exclude<MonthlyChargeStatus, FinalMonthlyChargeStatus>;

export const MONTHLY_CHARGE_DUTIES: Readonly<Record<OpenMonthlyChargeStatus, Duty>> = {
  charging: {
    owner: 'scheduled-job',
    meanwhile: 'the runner that claimed it charges it; another runner leaves it alone while the lease lasts',
    // DEFAULT_MONTHLY_POLICY.leaseMs.
    deadlineMs: 5 * 60_000,
    atDeadline: 'looked up by its reference, then charged again with the same reference (never a second charge)',
  },
  'action-required': {
    owner: 'customer',
    meanwhile: 'confirms with their bank on the account page; the job looks it up every run',
    deadlineMs: 7 * DAY,
    atDeadline: 'the month stays unpaid and is reported as action-required; next month is charged afresh',
  },
  failed: {
    owner: 'scheduled-job',
    meanwhile:
      'an answer that decided nothing (no answer, 5xx, DuplicateRequest, Pending): looked up by its reference, charged again with the same one if it never arrived, up to maxAttempts; then only looked up',
    deadlineMs: 30 * DAY,
    atDeadline: 'gave-up: the month is reported as a problem for a person (never charged again)',
  },
  review: {
    owner: 'scheduled-job',
    meanwhile: 'a success that did not match the month (amount, currency, reference): looked up again every run',
    deadlineMs: 3 * DAY,
    atDeadline: 'logged every run as plan-charge-review-overdue for a person (MonthlyJobOverdueAlarm)',
  },
  charged: {
    owner: 'scheduled-job',
    meanwhile: 'retires the month at once, in the same run',
    deadlineMs: 60_000,
    atDeadline: 'retried by the next run',
  },
  'fulfilment-pending': {
    owner: 'scheduled-job',
    meanwhile: 'retries the retirement every run with the month reference as the key',
    deadlineMs: 7 * DAY,
    atDeadline: 'logged every run as fulfilment-overdue for a person (MonthlyJobOverdueAlarm)',
  },
};

export function isFinalOrderStatus(status: OrderStatus): status is FinalOrderStatus {
  return FINAL_ORDER_STATUSES.some((final) => final === status);
}

export function isFinalMonthlyChargeStatus(status: MonthlyChargeStatus): status is FinalMonthlyChargeStatus {
  return FINAL_MONTHLY_CHARGE_STATUSES.some((final) => final === status);
}

/** When an open order's deadline passes (epoch ms), or undefined for a final one. */
export function orderDeadline(order: OffsetOrder): number | undefined {
  if (isFinalOrderStatus(order.status)) return undefined;
  const duty = ORDER_DUTIES[order.status];
  const since = (() => {
    switch (order.status) {
      case 'quoted':
        return order.quote.expiresAt;
      case 'charging':
        return order.chargeStartedAt ?? order.updatedAt;
      case 'review':
        return order.review?.since ?? order.updatedAt;
      case 'charged':
      case 'fulfilment-pending':
        return order.chargedAt ?? order.updatedAt;
      case 'awaiting-authentication':
        return order.updatedAt;
    }
  })();
  return Date.parse(since) + duty.deadlineMs;
}

/** Whether an open order has stayed in its status past its deadline. */
export function isOverdue(order: OffsetOrder, now: Date): boolean {
  const deadline = orderDeadline(order);
  return deadline !== undefined && now.getTime() >= deadline;
}

/** Whether an open monthly charge has stayed in its status past its deadline (from its last change). */
export function isChargeOverdue(charge: MonthlyCharge, now: Date): boolean {
  if (isFinalMonthlyChargeStatus(charge.status)) return false;
  // A retirement retried every run changes the record each time: its deadline runs from the month's charge.
  const since = charge.status === 'fulfilment-pending' ? charge.createdAt : charge.updatedAt;
  return now.getTime() >= Date.parse(since) + MONTHLY_CHARGE_DUTIES[charge.status].deadlineMs;
}
