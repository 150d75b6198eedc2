/**
 * The linked-card rail: the customer's Green Horizons account (proven by the access token, read through the accounts
 * port) and its saved card, charged by our backend with the official `stripe` library on the customer's spoken yes.
 *
 * - A charge is one PaymentIntent: amount, currency, customer, payment method, `off_session: true`, `confirm: true`,
 *   our reference (the order ID, or a plan's month) as the Idempotency-Key and in metadata. Retrying the same
 *   charge (the scheduled job, after a timeout) sends the same key and the same parameters: Stripe replays the first
 *   answer, or runs it once if it never arrived. Never a second charge.
 * - A charge is looked up by our reference among the customer's PaymentIntents (a consistent list, not the search
 *   API, whose index lags), which also covers a retry after Stripe's 24 hours of key memory.
 * - Stripe's answers are classified into the rails' shared `ChargeOutcome`: decline codes as Stripe documents them
 *   (lost, stolen and fraud declines are said as a plain decline, as Stripe advises), 3-D Secure, processing, and
 *   no answer.
 *
 * This module (with the stripe library) is bundled apart and loaded on the first payment (scripts/build.mjs).
 */
import Stripe from 'stripe';
import { type Deadline, NO_DEADLINE } from '../../../shared/deadline';
import { GreenHorizonsError } from '../../../shared/errors';
import type { AccountsDirectory } from '../../accounts';
import { isCurrency } from '../domain/money';
import type { AuthorizeResult } from '../domain/monthly-charges';
import type { ChargeInstruction, OffsetOrder } from '../domain/order';
import type { ChargeOutcome, CustomerAction } from '../domain/payment';
import type { ChargeLookup, MerchantChargeRequest, MerchantCharges, PaymentRail, RefundOutcome } from '../ports';

export interface StripeClientOptions {
  readonly secretKey: string;
  /** A Stripe-compatible server (the stand-in) through the library's host, port and protocol options. */
  readonly apiUrl?: URL;
  readonly timeoutMs: number;
  readonly maxNetworkRetries: number;
}

export function stripeClient(options: StripeClientOptions): Stripe {
  const api = options.apiUrl;
  return new Stripe(options.secretKey, {
    timeout: options.timeoutMs,
    maxNetworkRetries: options.maxNetworkRetries,
    appInfo: { name: 'green-horizons-skill' },
    telemetry: false,
    ...(api
      ? {
          host: api.hostname,
          port: api.port || (api.protocol === 'https:' ? 443 : 80),
          protocol: api.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Stripe's decline codes (https://docs.stripe.com/declines/codes), by what the customer can do

const DECLINE_ACTIONS: Readonly<Record<string, CustomerAction>> = {
  insufficient_funds: 'insufficient-funds',
  expired_card: 'card-expired',
  card_velocity_exceeded: 'card-limit',
  withdrawal_count_limit_exceeded: 'card-limit',
  try_again_later: 'try-again-later',
  issuer_not_available: 'try-again-later',
  processing_error: 'try-again-later',
  reenter_transaction: 'try-again-later',
  approve_with_id: 'try-again-later',
  incorrect_number: 'use-another-card',
  invalid_number: 'use-another-card',
  incorrect_cvc: 'use-another-card',
  invalid_cvc: 'use-another-card',
  invalid_expiry_month: 'use-another-card',
  invalid_expiry_year: 'use-another-card',
  incorrect_zip: 'use-another-card',
  incorrect_pin: 'use-another-card',
  offline_pin_required: 'use-another-card',
  online_or_offline_pin_required: 'use-another-card',
  pin_try_exceeded: 'use-another-card',
  card_not_supported: 'use-another-card',
  currency_not_supported: 'use-another-card',
  invalid_account: 'use-another-card',
  new_account_information_available: 'use-another-card',
  // A payment like this one went through moments ago: a person should look before anything is retried.
  duplicate_transaction: 'contact-us',
  invalid_amount: 'contact-us',
  // Everything else, and the ones Stripe says to present as a generic decline (fraudulent, lost_card,
  // stolen_card, pickup_card, restricted_card, merchant_blacklist, security_violation…): ask the bank.
};

/** What the customer can do about a Stripe decline code (unknown codes: ask the bank, as for generic_decline). */
export function declineAction(code: string): CustomerAction {
  return DECLINE_ACTIONS[code] ?? 'contact-bank';
}

const AUTHENTICATION_CODES = new Set(['authentication_required']);

type Intent = Stripe.PaymentIntent;

function referenceOf(intent: Intent): string | undefined {
  const reference = intent.metadata?.reference;
  return typeof reference === 'string' && reference !== '' ? reference : undefined;
}

function declined(code: string, reference: string | undefined): ChargeOutcome {
  return {
    kind: 'declined',
    reasonCode: code,
    softDecline: false,
    // A card order is charged once (its order ID is the key): the customer tries again with a new order.
    retryable: false,
    spokenByAlexa: false,
    authorizationReferenceId: reference,
    action: declineAction(code),
  };
}

/** What a PaymentIntent's state means. */
export function intentOutcome(intent: Intent): ChargeOutcome {
  const reference = referenceOf(intent);
  switch (intent.status) {
    case 'succeeded': {
      const currency = intent.currency.toUpperCase();
      return {
        kind: 'charged',
        authorizationReferenceId: reference,
        paymentId: intent.id,
        captured: isCurrency(currency) ? { minor: intent.amount_received, currency } : undefined,
      };
    }
    case 'processing':
      return { kind: 'pending', authorizationReferenceId: reference, paymentId: intent.id };
    case 'requires_action':
      return { kind: 'authentication-required', paymentId: intent.id, action: 'authenticate' };
    case 'requires_payment_method': {
      const error = intent.last_payment_error;
      const code = error?.decline_code || error?.code || 'generic_decline';
      if (AUTHENTICATION_CODES.has(code)) {
        return { kind: 'authentication-required', paymentId: intent.id, action: 'authenticate' };
      }
      return declined(code, reference);
    }
    case 'canceled':
      return { kind: 'refused', code: 'canceled', action: 'try-again' };
    default:
      // requires_confirmation, requires_capture: not a state this rail leaves a PaymentIntent in.
      return { kind: 'refused', code: `unexpected_${intent.status}`, action: 'contact-us' };
  }
}

function isTimeout(error: Stripe.errors.StripeError): boolean {
  return /timeout/i.test(error.message);
}

/** What an error thrown by the library means for the charge. */
export function errorOutcome(error: unknown): ChargeOutcome {
  if (error instanceof Stripe.errors.StripeCardError) {
    const code = error.decline_code || error.code || 'generic_decline';
    const intentId = (error.payment_intent as { id?: unknown } | undefined)?.id;
    if (AUTHENTICATION_CODES.has(code) || AUTHENTICATION_CODES.has(error.code ?? '')) {
      return typeof intentId === 'string'
        ? { kind: 'authentication-required', paymentId: intentId, action: 'authenticate' }
        : { kind: 'refused', code: 'authentication_required_without_intent', action: 'contact-us' };
    }
    const metadata = (error.payment_intent as { metadata?: Record<string, unknown> } | undefined)?.metadata;
    return declined(code, typeof metadata?.reference === 'string' ? metadata.reference : undefined);
  }
  if (error instanceof Stripe.errors.StripeConnectionError) {
    return { kind: 'unreachable', reason: isTimeout(error) ? 'timeout' : 'network', action: 'wait' };
  }
  if (error instanceof Stripe.errors.StripeAPIError || error instanceof Stripe.errors.StripeRateLimitError) {
    // Stripe took no decision it stored (5xx, or throttled): the same key may be sent again later.
    return { kind: 'unreachable', reason: 'server-error', action: 'wait' };
  }
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    // The key was used before (Stripe's DuplicateRequest): that charge may stand. Unknown until it is looked up.
    return { kind: 'unreachable', reason: 'server-error', action: 'wait' };
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    // The saved card (or the Stripe customer) is gone: removed on the account page since, or the account deleted.
    if (error.code === 'resource_missing') return { kind: 'refused', code: 'resource_missing', action: 'add-card' };
    return { kind: 'refused', code: error.code ?? 'invalid_request', action: 'contact-us' };
  }
  if (error instanceof Stripe.errors.StripeError) {
    return { kind: 'refused', code: error.code ?? error.type, action: 'contact-us' };
  }
  // Not an answer from Stripe at all: whether the request arrived is unknown.
  return { kind: 'unreachable', reason: 'network', action: 'wait' };
}

const LOOK_BACK_SECONDS = 40 * 24 * 60 * 60;

export interface LinkedCardRailOptions {
  readonly stripe: Stripe;
  readonly accounts: AccountsDirectory;
  readonly clock?: () => Date;
  /** A Stripe request's own timeout (the client's); within a turn, shortened to what the turn has left. */
  readonly timeoutMs?: number;
  /** The turn's deadline (none: the scheduled job). */
  readonly deadline?: Deadline;
}

/**
 * Kept back from the turn for what follows a charge: the order's transition, fulfilment, the account page, the email.
 * A charge with less time than this left is not started: the order stays `charging`, and its owners start it later.
 */
const AFTER_CHARGE_MS = 1500;
/** Too little time to be worth calling Stripe. */
const LEAST_CALL_MS = 250;

class NoTimeLeftError extends GreenHorizonsError {
  override readonly name = 'NoTimeLeftError';
}

interface Charge {
  readonly reference: string;
  readonly amount: { readonly minor: number; readonly currency: string };
  readonly customerId: string;
  readonly paymentMethodId: string;
  readonly description: string | undefined;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Stripe's calls, with the same parameters for every retry of one reference, each ending by the turn's deadline (its
 * timeout shortened to the time left, the call raced against it).
 */
function stripeCalls(stripe: Stripe, options: LinkedCardRailOptions) {
  const clock = options.clock ?? (() => new Date());
  const deadline = options.deadline ?? NO_DEADLINE;
  const ownTimeoutMs = options.timeoutMs ?? 2500;
  /** The request options of a call that leaves `reserveMs` of the turn for what follows it. */
  const timeout = (reserveMs: number) => {
    const left = deadline.remainingMs() - reserveMs;
    if (left < LEAST_CALL_MS) throw new NoTimeLeftError('Too little of the turn is left to call Stripe');
    return { timeout: Math.min(ownTimeoutMs, left) };
  };

  async function find(customerId: string, reference: string): Promise<Intent | undefined> {
    const since = Math.floor(clock().getTime() / 1000) - LOOK_BACK_SECONDS;
    const requestOptions = timeout(0);
    return deadline.race(async () => {
      const list = stripe.paymentIntents.list(
        { customer: customerId, created: { gte: since }, limit: 100 },
        requestOptions,
      );
      for await (const intent of list) {
        if (referenceOf(intent) === reference) return intent;
      }
      return undefined;
    });
  }

  async function create(charge: Charge): Promise<ChargeOutcome> {
    try {
      const requestOptions = { idempotencyKey: charge.reference, ...timeout(AFTER_CHARGE_MS) };
      const intent = await deadline.race(() =>
        stripe.paymentIntents.create(
          {
            amount: charge.amount.minor,
            currency: charge.amount.currency.toLowerCase(),
            customer: charge.customerId,
            payment_method: charge.paymentMethodId,
            allowed_payment_method_types: ['card'],
            off_session: true,
            confirm: true,
            ...(charge.description ? { description: charge.description } : {}),
            metadata: { reference: charge.reference, ...charge.metadata },
          },
          requestOptions,
        ),
      );
      return intentOutcome(intent);
    } catch (error) {
      // No time left, or the deadline passed: the charge is unknown (or never started) and is owned by the job.
      return errorOutcome(error);
    }
  }

  return { deadline, timeout, find, create };
}

function cardOf(charge: ChargeInstruction) {
  if (charge.source.kind !== 'card') throw new RangeError('The linked-card rail charges a saved card only');
  return charge.source;
}

export function createLinkedCardRail(options: LinkedCardRailOptions): PaymentRail {
  const { stripe, accounts } = options;
  const calls = stripeCalls(stripe, options);
  const { deadline } = calls;
  const orderCharge = (charge: ChargeInstruction, note: string | undefined): Charge => {
    const card = cardOf(charge);
    return {
      reference: charge.authorizationReferenceId,
      amount: charge.amount,
      customerId: card.customerId,
      paymentMethodId: card.paymentMethodId,
      description: note,
      metadata: { orderId: charge.orderId, accountId: card.accountId },
    };
  };

  return {
    name: 'linked-card',

    within: (turn) => createLinkedCardRail({ ...options, deadline: turn }),

    async payer(buyer) {
      // jose's key-set timeout is fixed when the key set is made: the verification is raced against the turn.
      const identity = await deadline.race(() => accounts.identify(buyer.accessToken));
      switch (identity.kind) {
        case 'link-needed':
          return { kind: 'needs-link', reason: identity.problem };
        case 'unavailable':
          return { kind: 'unavailable' };
        case 'linked': {
          const { account } = identity;
          if (!account.card) return { kind: 'needs-card' };
          return {
            kind: 'ready',
            source: {
              kind: 'card',
              accountId: account.accountId,
              customerId: account.card.customerId,
              paymentMethodId: account.card.paymentMethodId,
            },
            card: { brand: account.card.brand, last4: account.card.last4 },
            voiceCode: account.voiceCode,
          };
        }
      }
    },

    async checkVoiceCode(buyer, digits) {
      const identity = await deadline.race(() => accounts.identify(buyer.accessToken));
      if (identity.kind !== 'linked') return { kind: 'no-account' };
      return deadline.race(() => accounts.checkVoiceCode(identity.account.accountId, digits));
    },

    startSetup() {
      throw new RangeError('The linked-card rail has no Setup: the account and its card are the agreement');
    },

    async startCharge(charge, note) {
      return { kind: 'answered', outcome: await calls.create(orderCharge(charge, note)) };
    },

    async lookUpCharge(charge): Promise<ChargeLookup> {
      const card = cardOf(charge);
      const intent = await calls.find(card.customerId, charge.authorizationReferenceId);
      return intent ? { kind: 'found', outcome: intentOutcome(intent) } : { kind: 'not-found' };
    },

    async cancelCharge(order: OffsetOrder) {
      if (!order.paymentId) return 'too-late';
      try {
        const paymentId = order.paymentId;
        await deadline.race(() =>
          stripe.paymentIntents.cancel(paymentId, { cancellation_reason: 'abandoned' }, calls.timeout(0)),
        );
        return 'cancelled';
      } catch (error) {
        if (error instanceof Stripe.errors.StripeInvalidRequestError) return 'too-late';
        return 'failed';
      }
    },

    async refund(order): Promise<RefundOutcome> {
      if (!order.paymentId) return { kind: 'failed', reason: 'refused' };
      try {
        const paymentId = order.paymentId;
        const refund = await deadline.race(() =>
          stripe.refunds.create(
            { payment_intent: paymentId, reason: 'requested_by_customer', metadata: { orderId: order.orderId } },
            { idempotencyKey: `refund-${order.orderId}`, ...calls.timeout(AFTER_CHARGE_MS) },
          ),
        );
        if (refund.status === 'failed' || refund.status === 'canceled') return { kind: 'failed', reason: 'refused' };
        return {
          kind: 'refunded',
          refundId: refund.id,
          amount: { minor: refund.amount, currency: order.quote.total.currency },
        };
      } catch (error) {
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'charge_already_refunded') {
          return { kind: 'refunded', refundId: undefined, amount: order.quote.total };
        }
        const outcome = errorOutcome(error);
        return { kind: 'failed', reason: outcome.kind === 'unreachable' ? 'unreachable' : 'refused' };
      }
    },

    interpretSetup() {
      throw new RangeError('The linked-card rail gets no Connections.Response');
    },
    interpretCharge() {
      throw new RangeError('The linked-card rail gets no Connections.Response');
    },
  };
}

function authorizeResult(outcome: ChargeOutcome): AuthorizeResult {
  switch (outcome.kind) {
    case 'charged':
      return {
        kind: 'authorized',
        paymentId: outcome.paymentId,
        reference: outcome.authorizationReferenceId,
        captured: outcome.captured,
      };
    case 'pending':
      return { kind: 'pending', paymentId: outcome.paymentId };
    case 'authentication-required':
      return { kind: 'action-required', paymentId: outcome.paymentId };
    case 'declined':
      return { kind: 'declined', reasonCode: outcome.reasonCode };
    case 'unreachable':
      return outcome.reason === 'server-error'
        ? { kind: 'error', code: 'server_error', retryable: true }
        : { kind: 'unreachable', reason: outcome.reason };
    default:
      return { kind: 'error', code: 'code' in outcome && outcome.code ? outcome.code : outcome.kind, retryable: false };
  }
}

/**
 * The monthly plan's charges on the linked card, from the scheduled job: the account's current card (replaced on
 * the account page, it is the new one that is charged), one PaymentIntent per plan and month keyed by the month's
 * reference, looked up first so that a month already charged (or waiting for 3-D Secure) is never charged again.
 */
export function createCardMerchantCharges(options: LinkedCardRailOptions): MerchantCharges {
  const calls = stripeCalls(options.stripe, options);
  const accountOf = (request: MerchantChargeRequest) => {
    if (request.source.kind !== 'card') throw new RangeError('Card plans only');
    return request.source.accountId;
  };
  return {
    async charge(request) {
      const accountId = accountOf(request);
      const account = await options.accounts.account(accountId);
      if (!account) return { kind: 'error', code: 'account_deleted', retryable: false };
      if (!account.card) return { kind: 'declined', reasonCode: 'no_card' };
      const existing = await calls.find(account.card.customerId, request.reference);
      if (existing) return authorizeResult(intentOutcome(existing));
      return authorizeResult(
        await calls.create({
          reference: request.reference,
          amount: request.amount,
          customerId: account.card.customerId,
          paymentMethodId: account.card.paymentMethodId,
          description: request.description,
          metadata: { accountId },
        }),
      );
    },
    async lookUp(request) {
      const account = await options.accounts.account(accountOf(request));
      if (!account?.card) return { kind: 'not-found' };
      const existing = await calls.find(account.card.customerId, request.reference);
      return existing ? authorizeResult(intentOutcome(existing)) : { kind: 'not-found' };
    },
  };
}
