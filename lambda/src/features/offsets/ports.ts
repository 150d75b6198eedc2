/**
 * The offsets feature's ports: what its use cases need from the world, declared here and implemented in adapters/
 * (DynamoDB, Amazon Pay, the ledger, the clearing house), injected by the composition root (app/).
 */
import { GreenHorizonsError } from '../../shared/errors';
import type {
  ChargeAmazonPayPayload,
  ChargeOutcome,
  ConnectionsStatus,
  SetupAmazonPayPayload,
  SetupOutcome,
} from './domain/amazon-pay';
import type { Money } from './domain/money';
import type { AuthorizeResult, MonthlyCharge } from './domain/monthly-charges';
import type { MonthlyPlan, MonthlyPlanTransition } from './domain/monthly-plan';
import type { ChargeInstruction, OffsetOrder, OrderTransition } from './domain/order';

// ---------------------------------------------------------------------------------------------------------------
// The offset store: orders, monthly plans and their monthly charges, each changed only by conditional writes

/**
 * Every change is a pure transition applied to the stored record with a conditional write; when another request
 * wrote first, the store re-reads and applies the transition again, so an effect ("send the Charge", "fulfil") is
 * returned only to the one caller whose write won.
 */
export interface OffsetStore {
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
 * payment record could charge or fulfil the wrong thing.
 */
export class CorruptOffsetRecordError extends GreenHorizonsError {
  override readonly name = 'CorruptOffsetRecordError';
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
 * What the conversation does to start a payment step. Sending the directive ends the session; save state first. A
 * second rail (an account-linked card, charged server-side) adds its own kinds here; the exhaustive switches over
 * `RailStep` then show every place that must handle them.
 */
export type RailStep = { readonly kind: 'send-directive'; readonly directive: SendRequestDirective };

/** The `Connections.Response` fields a rail reads. */
export interface RailResponse {
  readonly status: ConnectionsStatus;
  readonly payload?: unknown;
}

export type SetupPurpose =
  | { readonly kind: 'order'; readonly orderId: string }
  | { readonly kind: 'monthly-plan'; readonly planId: string; readonly subscriptionAmount: Money };

/** Amazon Pay for Alexa Skills is the one rail today (adapters/amazon-pay-rail.ts). */
export interface PaymentRail {
  /** Which rail: 'amazon-pay' here. */
  readonly name: string;
  /** Ask the customer's payment service for an agreement we can charge (one-off) or charge monthly (plan). */
  startSetup(purpose: SetupPurpose, note?: string): RailStep;
  /** Charge one authorization of an order. */
  startCharge(charge: ChargeInstruction, note?: string): RailStep;
  interpretSetup(response: RailResponse): SetupOutcome;
  interpretCharge(response: RailResponse): ChargeOutcome;
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

/**
 * Contract for idempotency: a repeated AuthorizationReferenceId returns the first authorization's answer; the monthly
 * job relies on it to retry without charging twice.
 */
export interface AmazonPayApi {
  authorizeOnBillingAgreement(request: AuthorizeOnBillingAgreementRequest): Promise<AuthorizeResult>;
}
