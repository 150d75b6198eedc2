/**
 * The shapes of the items the skill and the account service share (see table.ts for where each lives), with their
 * parsers. Money is integer minor units with an ISO 4217 currency, never floats.
 */
import { Fields } from './fields';

export interface Money {
  /** Minor units (cents, pence): an integer. */
  readonly minor: number;
  /** ISO 4217, upper case (USD, GBP, EUR, JPY). */
  readonly currency: string;
}

export function parseMoney(fields: Fields): Money {
  const currency = fields.string('currency');
  if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError('currency is not an ISO 4217 code');
  return { minor: fields.integer('minor'), currency };
}

export function isMoney(value: Money): boolean {
  return Number.isSafeInteger(value.minor) && value.minor >= 0 && /^[A-Z]{3}$/.test(value.currency);
}

// ---------------------------------------------------------------------------------------------------------------
// The account's saved card and voice code (parts of the profile item)

/** What the account keeps of a card: Stripe's IDs and what the page shows. No card number ever reaches us. */
export interface CardOnFile {
  readonly paymentMethodId: string;
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly addedAt: string;
}

export function parseCard(fields: Fields): CardOnFile {
  return {
    paymentMethodId: fields.string('paymentMethodId'),
    brand: fields.string('brand'),
    last4: fields.string('last4'),
    expMonth: fields.integer('expMonth'),
    expYear: fields.integer('expYear'),
    addedAt: fields.timestamp('addedAt'),
  };
}

/** The voice code, stored only as a slow hash, with its wrong-attempt count. */
export interface StoredVoiceCode {
  readonly hash: string;
  /** When this code was set: a concurrent change of code makes an attempt's conditional write fail. */
  readonly setAt: string;
  readonly failedAttempts: number;
  /** Set by the third wrong attempt; only setting a new code on the account page clears it. */
  readonly lockedAt: string | undefined;
}

export function parseVoiceCode(fields: Fields): StoredVoiceCode {
  return {
    hash: fields.string('hash'),
    setAt: fields.timestamp('setAt'),
    failedAttempts: fields.integer('failedAttempts'),
    lockedAt: fields.optionalTimestamp('lockedAt'),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Orders: written by the skill, listed on the account page

/**
 * Where an order stands, as the customer reads it on the account page. The skill maps its own order states onto
 * these; the page words each one.
 */
export type AccountOrderStatus =
  /** Being charged, or charged and waiting for the credits to be retired. */
  | 'processing'
  /** The bank wants the customer to confirm (3-D Secure): `nextActionUrl` says where. */
  | 'action-required'
  /** Charged; the certificate follows. */
  | 'paid'
  /** Charged and the credits retired: `certificateId` is set. */
  | 'completed'
  | 'declined'
  | 'failed'
  | 'cancelled';

export const ACCOUNT_ORDER_STATUSES: readonly AccountOrderStatus[] = [
  'processing',
  'action-required',
  'paid',
  'completed',
  'declined',
  'failed',
  'cancelled',
];

/** Orders a refund can be asked for on the account page. */
export const REFUNDABLE_ORDER_STATUSES: readonly AccountOrderStatus[] = ['paid', 'completed'];

/** Refunds on the account page or by voice are made at once for this long after the order (TERMS.md). */
export const REFUND_WINDOW_DAYS = 14;

/** Whether the account page (or the skill) may refund an order now, without a person deciding. */
export function refundableNow(
  order: Pick<AccountOrder, 'status' | 'createdAt' | 'paymentIntentId'>,
  now: Date,
): boolean {
  return (
    REFUNDABLE_ORDER_STATUSES.includes(order.status) &&
    order.paymentIntentId !== undefined &&
    now.getTime() - Date.parse(order.createdAt) < REFUND_WINDOW_DAYS * 24 * 60 * 60_000
  );
}

export type RefundStatus = 'requested' | 'refunded' | 'refused';

export const REFUND_STATUSES: readonly RefundStatus[] = ['requested', 'refunded', 'refused'];

/** A refund asked for on the account page (the page writes `requested`; the card rail settles it). */
export interface RefundRequest {
  readonly status: RefundStatus;
  readonly requestedAt: string;
  /** The customer's own words, at most 500 characters. */
  readonly reason: string | undefined;
  readonly decidedAt: string | undefined;
}

/** What the skill records of an order (its own state machine stays in the skill's table). */
export interface AccountOrderInput {
  readonly orderId: string;
  /**
   * Increases with every change the skill records (its order record's version will do). A write with a revision
   * not above the stored one is stale and is ignored, so out-of-order writes never move an order backwards.
   */
  readonly revision: number;
  readonly status: AccountOrderStatus;
  /** One line for the page, e.g. "Offset of 412 kg CO2e (flight Seattle to London)". No personal data. */
  readonly description: string;
  readonly kilograms: number;
  readonly net: Money;
  readonly tax: Money;
  readonly total: Money;
  readonly createdAt: string;
  readonly certificateId?: string;
  readonly certificateUrl?: string;
  readonly paymentIntentId?: string;
  readonly nextActionUrl?: string;
}

export interface AccountOrder extends Required<Omit<AccountOrderInput, OptionalOrderField>> {
  readonly accountId: string;
  readonly updatedAt: string;
  readonly certificateId: string | undefined;
  readonly certificateUrl: string | undefined;
  readonly paymentIntentId: string | undefined;
  readonly nextActionUrl: string | undefined;
  readonly refund: RefundRequest | undefined;
}

type OptionalOrderField = 'certificateId' | 'certificateUrl' | 'paymentIntentId' | 'nextActionUrl';

export function parseAccountOrder(raw: unknown): AccountOrder {
  const fields = Fields.of(raw, 'order');
  const refund = fields.optionalNested('refund');
  return {
    accountId: fields.string('accountId'),
    orderId: fields.string('orderId'),
    revision: fields.integer('revision'),
    status: fields.oneOf('status', ACCOUNT_ORDER_STATUSES),
    description: fields.string('description'),
    kilograms: fields.integer('kilograms'),
    net: parseMoney(fields.nested('net')),
    tax: parseMoney(fields.nested('tax')),
    total: parseMoney(fields.nested('total')),
    createdAt: fields.timestamp('createdAt'),
    updatedAt: fields.timestamp('updatedAt'),
    certificateId: fields.optionalString('certificateId'),
    certificateUrl: fields.optionalString('certificateUrl'),
    paymentIntentId: fields.optionalString('paymentIntentId'),
    nextActionUrl: fields.optionalString('nextActionUrl'),
    refund: refund
      ? {
          status: refund.oneOf('status', REFUND_STATUSES),
          requestedAt: refund.timestamp('requestedAt'),
          reason: refund.optionalString('reason'),
          decidedAt: refund.optionalTimestamp('decidedAt'),
        }
      : undefined,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The monthly plan: written by the skill, shown (and cancellable) on the account page

export type AccountPlanStatus =
  | 'active'
  /** The last monthly charge failed: the customer should update the card. */
  | 'payment-problem'
  | 'cancelled';

export const ACCOUNT_PLAN_STATUSES: readonly AccountPlanStatus[] = ['active', 'payment-problem', 'cancelled'];

export interface AccountPlanInput {
  readonly planId: string;
  /** As for orders: increases with every change the skill records. */
  readonly revision: number;
  readonly status: AccountPlanStatus;
  readonly kilogramsPerMonth: number;
  /** What one month costs, tax included. */
  readonly monthlyTotal: Money;
  /** When this plan started; a plan cancelled on the page is only reactivated by a plan started after that. */
  readonly startedAt: string;
  /** The next charge date (YYYY-MM-DD), when one is due. */
  readonly nextChargeOn?: string;
}

export interface AccountPlan extends Omit<AccountPlanInput, 'nextChargeOn'> {
  readonly accountId: string;
  readonly nextChargeOn: string | undefined;
  readonly updatedAt: string;
  readonly cancelledAt: string | undefined;
  readonly cancelledBy: 'voice' | 'account-page' | undefined;
}

export function parseAccountPlan(raw: unknown): AccountPlan {
  const fields = Fields.of(raw, 'plan');
  return {
    accountId: fields.string('accountId'),
    planId: fields.string('planId'),
    revision: fields.integer('revision'),
    status: fields.oneOf('status', ACCOUNT_PLAN_STATUSES),
    kilogramsPerMonth: fields.integer('kilogramsPerMonth'),
    monthlyTotal: parseMoney(fields.nested('monthlyTotal')),
    startedAt: fields.timestamp('startedAt'),
    nextChargeOn: fields.optionalString('nextChargeOn'),
    updatedAt: fields.timestamp('updatedAt'),
    cancelledAt: fields.optionalTimestamp('cancelledAt'),
    cancelledBy: fields.has('cancelledBy')
      ? fields.oneOf('cancelledBy', ['voice', 'account-page'] as const)
      : undefined,
  };
}
