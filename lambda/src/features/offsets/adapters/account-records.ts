/**
 * The account page's copy of card orders, monthly charges and the plan, on the account service's contract
 * (accounts/src/contract's AccountActivity): the skill writes only its own fields (UpdateItem, guarded by a revision),
 * so a refund the customer asked for, or a plan they cancelled on the page, is never overwritten.
 */
import type {
  AccountActivity,
  AccountDirectory,
  AccountOrderInput,
  AccountOrderStatus,
} from '../../../../../accounts/src/contract';
import type { MonthlyCharge, MonthlyChargeStatus } from '../domain/monthly-charges';
import type { MonthlyPlan } from '../domain/monthly-plan';
import type { OffsetOrder, OrderStatus } from '../domain/order';
import type { AccountRecords } from '../ports';

export interface AccountRecordsOptions {
  readonly activity: Pick<
    AccountActivity,
    'recordOrder' | 'recordPlan' | 'getPlan' | 'getOrder' | 'requestRefund' | 'settleRefund'
  >;
  readonly directory: Pick<AccountDirectory, 'getAccount'>;
  /** The account service's URL: certificates and the 3-D Secure confirmation are on its account page. */
  readonly accountsUrl: string;
  readonly clock?: () => Date;
}

const ORDER_STATUS: Readonly<Record<OrderStatus, AccountOrderStatus | undefined>> = {
  quoted: undefined,
  expired: undefined,
  charging: 'processing',
  'awaiting-authentication': 'action-required',
  // A "paid" answer being checked against the order: still processing, as far as the customer can tell.
  review: 'processing',
  charged: 'paid',
  'fulfilment-pending': 'paid',
  fulfilled: 'completed',
  // The page shows the refund itself (its refund field, settled by the rail).
  refunded: 'completed',
  declined: 'declined',
  failed: 'failed',
  cancelled: 'cancelled',
};

const CHARGE_STATUS: Readonly<Record<MonthlyChargeStatus, AccountOrderStatus>> = {
  charging: 'processing',
  'action-required': 'action-required',
  review: 'processing',
  charged: 'paid',
  'fulfilment-pending': 'paid',
  fulfilled: 'completed',
  declined: 'declined',
  rejected: 'failed',
  failed: 'processing',
};

export function createAccountRecords(options: AccountRecordsOptions): AccountRecords {
  const { activity, directory } = options;
  const clock = options.clock ?? (() => new Date());
  const orderUrl = (id: string) => `${options.accountsUrl}/account/orders/${encodeURIComponent(id)}`;
  const accountOf = (source: OffsetOrder['source']) => {
    if (source?.kind !== 'card') throw new RangeError('Only card orders and plans are on the account page');
    return source.accountId;
  };

  return {
    async recordOrder(order) {
      const status = ORDER_STATUS[order.status];
      if (!status) return;
      const { quote } = order;
      const record: AccountOrderInput = {
        orderId: order.orderId,
        revision: order.revision,
        status,
        description: `Carbon offset: ${quote.kilograms} kg CO2e of verified credits retired`,
        kilograms: quote.kilograms,
        net: quote.net,
        tax: quote.tax,
        total: quote.total,
        createdAt: order.createdAt,
        ...(order.certificateId ? { certificateId: order.certificateId, certificateUrl: orderUrl(order.orderId) } : {}),
        ...(order.paymentId ? { paymentIntentId: order.paymentId } : {}),
        ...(status === 'action-required' ? { nextActionUrl: `${orderUrl(order.orderId)}/pay` } : {}),
      };
      await activity.recordOrder(accountOf(order.source), record);
    },

    async recordMonthlyCharge(plan, charge: MonthlyCharge) {
      const status = CHARGE_STATUS[charge.status];
      await activity.recordOrder(accountOf(plan.source), {
        orderId: charge.reference,
        revision: clock().getTime(),
        status,
        description: `Monthly offset plan, ${charge.month}: ${charge.kilograms} kg CO2e of verified credits retired`,
        kilograms: charge.kilograms,
        net: plan.quote.net,
        tax: plan.quote.tax,
        total: charge.amount,
        createdAt: charge.createdAt,
        ...(charge.certificateId
          ? { certificateId: charge.certificateId, certificateUrl: orderUrl(charge.reference) }
          : {}),
        ...(charge.paymentId ? { paymentIntentId: charge.paymentId } : {}),
        ...(status === 'action-required' ? { nextActionUrl: `${orderUrl(charge.reference)}/pay` } : {}),
      });
    },

    async recordPlan(plan: MonthlyPlan, nextChargeOn, problem) {
      if (plan.status === 'pending-setup') return;
      await activity.recordPlan(accountOf(plan.source), {
        planId: plan.planId,
        // Plans change seldom; the write's time orders them (the page ignores anything older).
        revision: clock().getTime(),
        status: plan.status === 'cancelled' ? 'cancelled' : problem ? 'payment-problem' : 'active',
        kilogramsPerMonth: plan.quote.kilograms,
        monthlyTotal: plan.quote.total,
        startedAt: plan.activatedAt ?? plan.createdAt,
        ...(nextChargeOn ? { nextChargeOn } : {}),
      });
    },

    async planOnPage(accountId) {
      const plan = await activity.getPlan(accountId);
      if (plan) return plan.status === 'cancelled' ? 'cancelled' : 'active';
      return (await directory.getAccount(accountId)) ? 'missing' : 'no-account';
    },

    async pageRefund(accountId, orderId) {
      return (await activity.getOrder(accountId, orderId))?.refund?.status ?? 'none';
    },

    async settleRefund(accountId, orderId, outcome) {
      // A refund made by voice is recorded as asked for, then settled, as one asked for on the page is.
      await activity.requestRefund(accountId, orderId, 'Asked for by voice');
      await activity.settleRefund(accountId, orderId, outcome);
    },
  };
}
