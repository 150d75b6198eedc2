/**
 * What the offsets use cases decide, as one union (`speech.ts` says each), and what they are given: the ports, the
 * customer's own slice of state, and who is asking.
 */
import type { SliceStore } from '../../../shared/customer-store';
import type { Deadline } from '../../../shared/deadline';
import type { AppLogger } from '../../../shared/logger';
import type { RecordedEstimate } from '../../footprint';
import type { Money } from '../domain/money';
import type { MonthlyPlanReport } from '../domain/monthly-charges';
import type { MonthlyPlanNews, MonthlyPlanStatus } from '../domain/monthly-plan';
import type { OffsetOrder, OrderNews, OrderStatus } from '../domain/order';
import type { CardLabel } from '../domain/payment';
import type { Quote } from '../domain/quote';
import type { OffsetConfig } from '../offsets-config';
import type { OffsetsState } from '../offsets-state';
import type {
  AccountRecords,
  LinkReason,
  OffsetProvider,
  OffsetStore,
  OrderMailer,
  PaymentRail,
  SendRequestDirective,
} from '../ports';

export type { Buyer } from '../ports';

/** The services that sell offsets, built once by the composition root when offsets are configured. */
export interface OffsetServices {
  readonly config: OffsetConfig;
  readonly offsetStore: OffsetStore;
  readonly paymentRail: PaymentRail;
  readonly offsetProvider: OffsetProvider;
  readonly newOrderId: () => string;
  /** The linked account's page and email (linked-card rail); undefined on Amazon Pay. */
  readonly accountRecords: AccountRecords | undefined;
  readonly mailer: OrderMailer | undefined;
}

/** What carrying out an order's effect needs: the services, a clock and a logger (the scheduled job has these too). */
export interface OrderDeps extends OffsetServices {
  /** The turn's (the scheduled job has none): the account page's and the email's calls end by it. */
  readonly deadline: Deadline;
  readonly clock: () => Date;
  readonly logger: Pick<AppLogger, 'info' | 'warn' | 'error'>;
}

/** What an offsets use case is given for one turn. */
export interface OffsetPorts extends OrderDeps {
  readonly customer: SliceStore<OffsetsState>;
  /** The footprint's last estimate: what an offset is sold for. */
  readonly lastEstimate: () => Promise<RecordedEstimate | undefined>;
  readonly logger: AppLogger;
}

/** Why the linked account cannot pay this turn (said with the card that fixes it). */
export type AccountNeed =
  | { readonly kind: 'link'; readonly reason: LinkReason }
  | { readonly kind: 'card' }
  | { readonly kind: 'unavailable' };

/** How the read-back names the payment: the card to be charged, and whether to offer a voice code (P10). */
export interface PaymentNaming {
  readonly card: CardLabel | undefined;
  readonly offerVoiceCode: boolean;
}

export type RefundRefusal =
  /** Past the refund window (14 days from the charge): support decides. */
  | 'window-passed'
  /** Nothing paid to refund. */
  | 'not-paid'
  | 'already-refunded'
  /** Asked for on the account page already; it is being handled there. */
  | 'requested-on-page';

export type OffsetOutcome =
  /** Offsets are not sold in this deployment. */
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'nothing-to-offset' }
  /** Amazon Pay needs the customer's permission first: the consent card, and the session ends. */
  | { readonly kind: 'permission-needed' }
  /** The linked account cannot pay: link it, add a card, or try again later. Nothing charged. */
  | { readonly kind: 'account-needed'; readonly need: AccountNeed }
  /** Amazon Pay: the directive ends the session; the answer comes back as a Connections.Response. */
  | { readonly kind: 'hand-off'; readonly directive: SendRequestDirective }
  /** Seller, what is bought, delivery and total with tax, then "Shall I place the order?". */
  | { readonly kind: 'read-back'; readonly orderId: string; readonly quote: Quote; readonly payment: PaymentNaming }
  /** The account has a voice code: ask it before charging (`again`: the last answer was not four digits). */
  | { readonly kind: 'voice-code-needed'; readonly orderId: string | undefined; readonly again: boolean }
  | { readonly kind: 'voice-code-rejected'; readonly orderId: string | undefined; readonly attemptsLeft: number }
  /** Three wrong codes: locked until a new one is set on the account page. Nothing charged. */
  | { readonly kind: 'voice-code-locked' }
  /** Charged (and, unless the provider failed, fulfilled): the confirmation and the order card. */
  | {
      readonly kind: 'placed';
      readonly order: OffsetOrder;
      readonly hasMonthlyPlan: boolean;
      /** The card charged (linked card), for the order card. */
      readonly card: CardLabel | undefined;
    }
  | { readonly kind: 'order-news'; readonly news: OrderNews; readonly order: OffsetOrder | undefined }
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
  /** Linked card: a paid order can be refunded now; "Shall I refund it?" (`cancelling`: asked to cancel it). */
  | {
      readonly kind: 'refund-offer';
      readonly orderId: string;
      readonly amount: Money;
      readonly kilograms: number;
      readonly retired: boolean;
      readonly cancelling: boolean;
    }
  | { readonly kind: 'refunded'; readonly amount: Money; readonly kilograms: number; readonly retired: boolean }
  | { readonly kind: 'refund-refused'; readonly reason: RefundRefusal; readonly orderId: string | undefined }
  /** Stripe did not refund just now: nothing changed; try again, or the account page. */
  | { readonly kind: 'refund-failed' }
  /** The monthly amount read back, with the estimate it was sized from and who pays. */
  | {
      readonly kind: 'monthly-plan-read-back';
      readonly quote: Quote;
      readonly sizedFrom: RecordedEstimate['activity'];
      readonly payment: PaymentNaming;
    }
  | { readonly kind: 'monthly-plan-news'; readonly news: MonthlyPlanNews }
  | { readonly kind: 'monthly-plan-unchanged'; readonly status: MonthlyPlanStatus }
  | { readonly kind: 'monthly-plan-status'; readonly report: MonthlyPlanReport }
  | { readonly kind: 'no-monthly-plan' }
  /** An answer the skill cannot place (a token it did not send): carry on. */
  | { readonly kind: 'carry-on' };

/** The payment step to send, logged by its directive name only. */
export function handOff(ports: Pick<OrderDeps, 'logger'>, directive: SendRequestDirective): OffsetOutcome {
  ports.logger.info('Payment step started', { step: directive.name });
  return { kind: 'hand-off', directive };
}
