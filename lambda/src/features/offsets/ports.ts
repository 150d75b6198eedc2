/**
 * The offsets feature's ports: what its use cases need from the world, declared here and implemented in adapters/
 * (DynamoDB, Amazon Pay, Stripe, the account page, SES, the ledger, the clearing house), injected by the composition
 * root (app/).
 */
import type { WriteIds } from '../../shared/customer-store';
import type { Deadline } from '../../shared/deadline';
import { GreenHorizonsError } from '../../shared/errors';
import type { LinkProblem, VoiceCodeAnswer } from '../accounts';
import type {
  ChargeAmazonPayPayload,
  ConnectionsStatus,
  SetupAmazonPayPayload,
  SetupOutcome,
} from './domain/amazon-pay';
import type { Money } from './domain/money';
import type { AuthorizeResult, MonthlyCharge } from './domain/monthly-charges';
import type { MonthlyPlan, MonthlyPlanTransition } from './domain/monthly-plan';
import type { ChargeInstruction, OffsetOrder, OrderTransition } from './domain/order';
import type { CardLabel, ChargeOutcome, PaymentSource, RailName } from './domain/payment';

// ---------------------------------------------------------------------------------------------------------------
// The offset store: orders, monthly plans and their monthly charges, each changed only by conditional writes

/** What the offset store is given for one turn. */
export interface OffsetStoreTurn {
  readonly deadline: Deadline;
  readonly writeIds: () => WriteIds;
}

/**
 * Every change is a pure transition applied to the stored record with a conditional write; when another request
 * wrote first, the store re-reads and applies the transition again, so an effect ("send the Charge", "fulfil") is
 * returned only to the one caller whose write won.
 */
export interface OffsetStore {
  /**
   * The store for one turn: every call ends by the turn's deadline, and every write carries the request's write ID,
   * so that a retry after a lost answer finds its own write and does not apply it again (shared/customer-store.ts).
   */
  within(turn: OffsetStoreTurn): OffsetStore;
  /** The order, or undefined when there is none (or, with `userId`, when it is another customer's). */
  getOrder(orderId: string, userId?: string): Promise<OffsetOrder | undefined>;
  /** Saves a new order; throws OffsetConflictError if the ID is taken. */
  createOrder(order: OffsetOrder): Promise<void>;
  /**
   * Applies a transition to the stored order and returns it once saved. With `userId`, an order of another customer
   * counts as missing. Throws OrderNotFoundError when there is no such order.
   */
  updateOrder(
    orderId: string,
    transition: (order: OffsetOrder) => OrderTransition,
    userId?: string,
  ): Promise<OrderTransition>;
  /** Charged orders whose retirement has not been recorded yet. */
  listOrdersAwaitingFulfilment(): Promise<OffsetOrder[]>;
  /** Orders whose charge was started and not decided (charging, awaiting-authentication, review). */
  listOrdersAwaitingPayment(): Promise<OffsetOrder[]>;
  /** Orders read back and not answered yet (quoted): the job expires them past their quote. */
  listOrdersAwaitingConfirmation(): Promise<OffsetOrder[]>;
  /** Paid card orders whose confirmation email has not gone out. */
  listOrdersToEmail(): Promise<OffsetOrder[]>;

  getMonthlyPlan(planId: string, userId?: string): Promise<MonthlyPlan | undefined>;
  /**
   * Applies a transition to the monthly plan (`undefined` when there is none yet: `startMonthlyPlan` creates it).
   * With `userId`, a plan of another customer is refused (MonthlyPlanNotFoundError).
   */
  updateMonthlyPlan(
    planId: string,
    transition: (plan: MonthlyPlan | undefined) => MonthlyPlanTransition,
    userId?: string,
  ): Promise<MonthlyPlanTransition>;
  listActiveMonthlyPlans(): Promise<MonthlyPlan[]>;

  getMonthlyCharge(planId: string, month: string): Promise<MonthlyCharge | undefined>;
  /** Applies a change to one month's charge record (`undefined` when there is none yet). */
  updateMonthlyCharge<R>(
    planId: string,
    month: string,
    transition: (charge: MonthlyCharge | undefined) => {
      readonly charge: MonthlyCharge | undefined;
      readonly result: R;
    },
  ): Promise<R>;
  /** Monthly charges taken whose retirement has not been recorded yet. */
  listChargesAwaitingFulfilment(): Promise<MonthlyCharge[]>;
}

/** Another writer kept changing the record faster than this one could apply its transition. */
export class OffsetConflictError extends GreenHorizonsError {
  override readonly name = 'OffsetConflictError';
}

/** No such order, or it belongs to another customer. */
export class OrderNotFoundError extends GreenHorizonsError {
  override readonly name = 'OrderNotFoundError';
}

/** No such monthly plan, or it belongs to another customer. */
export class MonthlyPlanNotFoundError extends GreenHorizonsError {
  override readonly name = 'MonthlyPlanNotFoundError';
}

/**
 * A stored record does not fit its type (older shape, hand edits). It is never half-read: acting on a misread
 * payment record could charge or fulfil the wrong thing. The message and `field` name the field, never its value.
 */
export class CorruptOffsetRecordError extends GreenHorizonsError {
  override readonly name = 'CorruptOffsetRecordError';

  constructor(
    message: string,
    /** The field that does not fit (`plan.quote`, `order.userId`). */
    readonly field: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The offset provider: retires verified carbon credits for something paid for

export interface RetireRequest {
  /**
   * Our ID for what was paid for — a one-off order ID or a plan's monthly charge reference. Providers use it as their
   * idempotency key: retiring the same ID twice returns the first retirement.
   */
  readonly orderId: string;
  /** Whole kilograms of CO2e. */
  readonly kilograms: number;
}

export interface RetirementRecord {
  /** Shown to the customer (order card) and on the certificate. */
  readonly certificateId: string;
  /** The provider's own ID for the retirement, for support and reconciliation. */
  readonly providerReference: string;
}

/**
 * Called after the money is taken and the order saved as charged, so a provider that fails loses nothing: the order
 * stays `fulfilment-pending` and is retried (use-cases/fulfilment.ts, and the scheduled job).
 */
export interface OffsetProvider {
  readonly name: string;
  /** The provider for one turn: its calls end by the turn's deadline. */
  within(deadline: Deadline): OffsetProvider;
  /** Throws OffsetProviderError when nothing was (knowingly) retired. */
  retire(request: RetireRequest): Promise<RetirementRecord>;
}

/** A retirement did not happen. Messages carry status codes only: never credentials or request headers. */
export class OffsetProviderError extends GreenHorizonsError {
  override readonly name = 'OffsetProviderError';

  constructor(
    message: string,
    /** Trying again with the same order ID may succeed (timeouts, 5xx, throttling). */
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** What every provider checks before it retires anything. */
export function checkRetireRequest(request: RetireRequest): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(request.orderId)) {
    throw new OffsetProviderError('The order ID is not a valid idempotency key', false);
  }
  if (!Number.isSafeInteger(request.kilograms) || request.kilograms < 1) {
    throw new OffsetProviderError('Only whole kilograms (at least 1) can be retired', false);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The payment rail: how the conversation takes payment, without knowing which payment service does it

/** A `Connections.SendRequest` directive as plain data (ask-sdk-model's `interfaces.connections.SendRequestDirective`). */
export interface SendRequestDirective {
  readonly type: 'Connections.SendRequest';
  readonly name: 'Setup' | 'Charge';
  readonly payload: SetupAmazonPayPayload | ChargeAmazonPayPayload;
  readonly token: string;
}

/**
 * What starting a payment step came to. Amazon Pay hands the customer to Alexa (the directive ends the session: save
 * state first; the answer comes back as a Connections.Response); the linked card is charged by our backend within
 * the request, so its answer is here at once. The exhaustive switches over `RailStep` show every place that handles
 * each kind.
 */
export type RailStep =
  | { readonly kind: 'send-directive'; readonly directive: SendRequestDirective }
  | { readonly kind: 'answered'; readonly outcome: ChargeOutcome };

/** The `Connections.Response` fields a rail reads. */
export interface RailResponse {
  readonly status: ConnectionsStatus;
  readonly payload?: unknown;
}

export type SetupPurpose =
  | { readonly kind: 'order'; readonly orderId: string }
  | { readonly kind: 'monthly-plan'; readonly planId: string; readonly subscriptionAmount: Money };

/** Who is asking, read from the request. */
export interface Buyer {
  readonly userId: string;
  /** The customer has granted payments:autopay_consent (Amazon Pay). */
  readonly paymentsAllowed: boolean;
  /** `context.System.user.accessToken`: the linked account's access token, when Alexa has one. */
  readonly accessToken: string | undefined;
}

/** Why the customer must link (again): no token, or one that no longer proves the account. */
export type LinkReason = LinkProblem;

/** Who pays for an order or a plan, as the rail sees the customer this turn. */
export type Payer =
  | {
      readonly kind: 'ready';
      readonly source: PaymentSource;
      /** The card to name in the read-back (linked card). */
      readonly card: CardLabel | undefined;
      /** A voice code to ask before each charge (linked card); Amazon Pay asks its own. */
      readonly voiceCode: 'none' | 'set' | 'locked';
    }
  /** Amazon Pay: no OPEN agreement yet; Setup makes one. */
  | { readonly kind: 'needs-setup' }
  /** Amazon Pay: the payments permission is missing. */
  | { readonly kind: 'needs-permission' }
  /** Linked card: link the Green Horizons account (the LinkAccount card). */
  | { readonly kind: 'needs-link'; readonly reason: LinkReason }
  /** Linked card: the account has no card saved. */
  | { readonly kind: 'needs-card' }
  /** The account could not be checked just now (the key set or the accounts table did not answer). */
  | { readonly kind: 'unavailable' };

/** The answer to a spoken voice code (the accounts feature's). */
export type VoiceCodeCheck = VoiceCodeAnswer;

/** Where a started charge stands at the payment service, found by our reference (never by trusting a session). */
export type ChargeLookup =
  | { readonly kind: 'found'; readonly outcome: ChargeOutcome }
  /** The payment service has no charge with this reference: it never arrived, and may be started again. */
  | { readonly kind: 'not-found' }
  /** This rail cannot look charges up (Amazon Pay for Alexa Skills answers only through Connections.Response). */
  | { readonly kind: 'unsupported' };

export type RefundOutcome =
  | { readonly kind: 'refunded'; readonly refundId: string | undefined; readonly amount: Money }
  | { readonly kind: 'failed'; readonly reason: 'unreachable' | 'refused' };

/**
 * A payment rail: Amazon Pay for Alexa Skills (adapters/amazon-pay-rail.ts) or the linked card (Stripe, on the
 * account's saved card: adapters/linked-card-rail.ts). The conversation, quotes, the order and plan state machines
 * and fulfilment are the same for both.
 */
export interface PaymentRail {
  readonly name: RailName;
  /** The rail for one turn: its calls end by the turn's deadline (shared/deadline.ts). */
  within(deadline: Deadline): PaymentRail;
  /** Who pays, this turn: an agreement or a card to charge, or what must happen first. */
  payer(buyer: Buyer, saved: { readonly billingAgreementId: string | undefined }): Promise<Payer>;
  /** Checks a spoken voice code (linked card; every wrong code counts, three lock it). */
  checkVoiceCode(buyer: Buyer, digits: string): Promise<VoiceCodeCheck>;
  /** Amazon Pay: ask for an agreement we can charge (one-off) or charge monthly (plan). */
  startSetup(purpose: SetupPurpose, note?: string): RailStep;
  /** Charge one attempt of an order. The same instruction again is the same charge (its reference is the key). */
  startCharge(charge: ChargeInstruction, note?: string): Promise<RailStep>;
  /** Where a started charge stands (the scheduled job's and the next session's owner of a charge left open). */
  lookUpCharge(charge: ChargeInstruction): Promise<ChargeLookup>;
  /** Drops a payment that waits for the customer (3-D Secure) when they cancel the order. */
  cancelCharge(order: OffsetOrder): Promise<'cancelled' | 'too-late' | 'failed'>;
  /** Refunds a paid order in full (its order ID keys the refund: asking twice refunds once). */
  refund(order: OffsetOrder): Promise<RefundOutcome>;
  interpretSetup(response: RailResponse): SetupOutcome;
  interpretCharge(response: RailResponse): ChargeOutcome;
}

// ---------------------------------------------------------------------------------------------------------------
// The linked account's page and email: what the customer sees of an order outside Alexa (linked card only)

/** Where the account page stands on an order: a refund the customer asked for there, and how it was settled. */
export type PageRefund = 'none' | 'requested' | 'refunded' | 'refused';

/**
 * The account page's copy of orders and the plan (accounts/src/contract's AccountActivity). Writes are best effort
 * for the conversation (a failure is logged; the next change, or the job, records it again); the monthly job reads
 * the plan's state there before every charge, because the customer can cancel it on the page.
 */
export interface AccountRecords {
  recordOrder(order: OffsetOrder): Promise<void>;
  recordPlan(plan: MonthlyPlan, nextChargeOn: string | undefined, problem: boolean): Promise<void>;
  /**
   * The plan as the account page has it: active, cancelled there, missing (never recorded: record it), or the
   * account is gone (deleted: its items with it).
   */
  planOnPage(accountId: string): Promise<'active' | 'cancelled' | 'missing' | 'no-account'>;
  /** A refund asked for on the page (or by voice) and how it ended. */
  pageRefund(accountId: string, orderId: string): Promise<PageRefund>;
  /** Records a refund made by voice (request and settlement), or settles one asked for on the page. */
  settleRefund(accountId: string, orderId: string, outcome: 'refunded' | 'refused'): Promise<void>;
  /** A plan's monthly charge, listed with the orders (its reference is its ID there). */
  recordMonthlyCharge(plan: MonthlyPlan, charge: MonthlyCharge): Promise<void>;
}

/** What the customer is told by email (linked card): sent to the account's address, which the skill never keeps. */
export interface OrderMailer {
  orderConfirmation(order: OffsetOrder): Promise<void>;
  /** 3-D Secure: a link to confirm the payment on the account page. */
  authenticationNeeded(order: OffsetOrder): Promise<void>;
  monthlyChargeConfirmation(plan: MonthlyPlan, charge: MonthlyCharge): Promise<void>;
  monthlyAuthenticationNeeded(plan: MonthlyPlan, charge: MonthlyCharge): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Charges the customer is not present for (the monthly plan, from the scheduled job)

export interface MerchantChargeRequest {
  /** The month's reference (≤ 32 characters), the same for every retry: Amazon's reference, Stripe's key. */
  readonly reference: string;
  readonly amount: Money;
  readonly source: PaymentSource;
  /** What the customer reads on the charge. */
  readonly description: string;
}

/**
 * Charges a monthly plan on its rail. A repeated reference is the same charge (Amazon Pay replays the first answer,
 * Stripe's idempotency key likewise); `lookUp` says where a charge the customer must confirm stands.
 */
export interface MerchantCharges {
  charge(request: MerchantChargeRequest): Promise<AuthorizeResult>;
  lookUp(request: MerchantChargeRequest): Promise<AuthorizeResult | { readonly kind: 'not-found' | 'unsupported' }>;
}

// ---------------------------------------------------------------------------------------------------------------
// The Amazon Pay API: charges the customer is not present for (the monthly plan, from the scheduled job)

export interface AuthorizeOnBillingAgreementRequest {
  readonly billingAgreementId: string;
  /** ≤ 32 characters; the same for every retry of one charge. */
  readonly authorizationReferenceId: string;
  readonly amount: Money;
  readonly sellerOrderId: string;
  /** Shown in Amazon's email to the buyer (≤ 255); replaced by the sandbox simulation when configured. */
  readonly note?: string;
}

/** Where an authorization stands at Amazon Pay, by our reference: what it came to, or that there is none. */
export type AuthorizationLookup = AuthorizeResult | { readonly kind: 'not-found' };

/**
 * Contract for idempotency: a repeated AuthorizationReferenceId returns the first authorization's answer; the monthly
 * job relies on it to retry without charging twice. `getAuthorizationDetails` finds an authorization by our reference
 * (the plan's, or the one the skill's Charge directive carried), so that a charge whose answer was lost or left it
 * undecided is settled by asking, not by charging again.
 */
export interface AmazonPayApi {
  /** The client for one turn: its calls end by the turn's deadline. */
  within(deadline: Deadline): AmazonPayApi;
  authorizeOnBillingAgreement(request: AuthorizeOnBillingAgreementRequest): Promise<AuthorizeResult>;
  getAuthorizationDetails(request: {
    readonly authorizationReferenceId: string;
    readonly amazonAuthorizationId?: string;
  }): Promise<AuthorizationLookup>;
}
