/**
 * What the offsets use cases decide, as one union (`speech.ts` says each), and what they are given: the ports, the
 * customer's own slice of state, and who is asking.
 */
import type { SliceStore } from '../../../shared/customer-store';
import type { AppLogger } from '../../../shared/logger';
import type { RecordedEstimate } from '../../footprint';
import type { MonthlyPlanReport } from '../domain/monthly-charges';
import type { MonthlyPlanNews, MonthlyPlanStatus } from '../domain/monthly-plan';
import type { OffsetOrder, OrderNews, OrderStatus } from '../domain/order';
import type { Quote } from '../domain/quote';
import type { OffsetConfig } from '../offsets-config';
import type { OffsetsState } from '../offsets-state';
import type { OffsetProvider, OffsetStore, PaymentRail, RailStep } from '../ports';

/** The services that sell offsets, built once by the composition root when offsets are configured. */
export interface OffsetServices {
  readonly config: OffsetConfig;
  readonly offsetStore: OffsetStore;
  readonly paymentRail: PaymentRail;
  readonly offsetProvider: OffsetProvider;
  readonly newOrderId: () => string;
}

/** What an offsets use case is given for one turn. */
export interface OffsetPorts extends OffsetServices {
  readonly customer: SliceStore<OffsetsState>;
  /** The footprint's last estimate: what an offset is sold for. */
  readonly lastEstimate: () => Promise<RecordedEstimate | undefined>;
  readonly clock: () => Date;
  readonly logger: AppLogger;
}

/** Who is asking, read from the request. */
export interface Buyer {
  readonly userId: string;
  /** The customer has granted payments:autopay_consent (Amazon Pay). */
  readonly paymentsAllowed: boolean;
}

export type OffsetOutcome =
  /** Offsets are not sold in this deployment. */
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'nothing-to-offset' }
  /** Amazon Pay needs the customer's permission first: the consent card, and the session ends. */
  | { readonly kind: 'permission-needed' }
  /** A payment step: the directive ends the session; the answer comes back as a Connections.Response. */
  | { readonly kind: 'hand-off'; readonly step: RailStep }
  /** Seller, what is bought, delivery and total with tax, then "Shall I place the order?". */
  | { readonly kind: 'read-back'; readonly orderId: string; readonly quote: Quote }
  /** Charged (and, unless the provider failed, fulfilled): the confirmation and the order card. */
  | { readonly kind: 'placed'; readonly order: OffsetOrder; readonly hasMonthlyPlan: boolean }
  | { readonly kind: 'order-news'; readonly news: OrderNews }
  | { readonly kind: 'order-status'; readonly status: OrderStatus; readonly order: OffsetOrder }
  | { readonly kind: 'no-order' }
  /** "No" to continuing an unfinished order: it is cancelled. */
  | { readonly kind: 'resume-declined' }
  /** "No" to offsetting an estimate. */
  | { readonly kind: 'offer-declined' }
  | { readonly kind: 'not-placed' }
  /** "No" to the monthly plan read back. */
  | { readonly kind: 'monthly-plan-declined' }
  | { readonly kind: 'cancel-instructions'; readonly orderId: string }
  | { readonly kind: 'cancelled-now' }
  | { readonly kind: 'refund-instructions'; readonly orderId: string | undefined }
  /** The monthly amount read back, with the estimate it was sized from. */
  | { readonly kind: 'monthly-plan-read-back'; readonly quote: Quote; readonly sizedFrom: RecordedEstimate['activity'] }
  | { readonly kind: 'monthly-plan-news'; readonly news: MonthlyPlanNews }
  | { readonly kind: 'monthly-plan-unchanged'; readonly status: MonthlyPlanStatus }
  | { readonly kind: 'monthly-plan-status'; readonly report: MonthlyPlanReport }
  | { readonly kind: 'no-monthly-plan' }
  /** An answer the skill cannot place (a token it did not send): carry on. */
  | { readonly kind: 'carry-on' };

/** The payment step to send, logged by its directive name only. */
export function handOff(ports: OffsetPorts, step: RailStep): OffsetOutcome {
  ports.logger.info('Payment step started', { step: step.directive.name });
  return { kind: 'hand-off', step };
}
