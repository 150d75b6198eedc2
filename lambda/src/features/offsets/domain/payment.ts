/**
 * What every payment rail shares, as pure data: where a payment comes from (`PaymentSource`), what a charge attempt
 * came to (`ChargeOutcome`, with what was captured, so a success can be checked against the order), and what the
 * customer can do about it (`CustomerAction`, worded by the speech module).
 *
 * Two rails produce these: Amazon Pay for Alexa Skills (domain/amazon-pay.ts classifies its Connections.Response)
 * and the linked card (adapters/linked-card-rail.ts classifies Stripe's answers).
 */
import type { AmazonPayProblem } from './amazon-pay';
import type { Money } from './money';

export type RailName = 'amazon-pay' | 'linked-card';

export const RAIL_NAMES: readonly RailName[] = ['amazon-pay', 'linked-card'];

/**
 * What a charge is made on. Stripe's IDs are not card data (no number, brand or digits): they say which saved card of
 * which Stripe customer to charge, and the same IDs must go with every retry of one idempotency key.
 */
export type PaymentSource =
  /** An OPEN Amazon Pay billing agreement (from Setup). Never the buyer ID. */
  | { readonly kind: 'amazon-pay'; readonly billingAgreementId: string }
  /** The saved card of a linked Green Horizons account. */
  | {
      readonly kind: 'card';
      readonly accountId: string;
      readonly customerId: string;
      readonly paymentMethodId: string;
    };

export function sameSource(a: PaymentSource | undefined, b: PaymentSource | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.kind === 'amazon-pay') return b.kind === 'amazon-pay' && a.billingAgreementId === b.billingAgreementId;
  if (b.kind === 'amazon-pay') return false;
  return a.accountId === b.accountId && a.customerId === b.customerId && a.paymentMethodId === b.paymentMethodId;
}

/** The account a card source belongs to. */
export function accountOf(source: PaymentSource | undefined): string | undefined {
  return source?.kind === 'card' ? source.accountId : undefined;
}

/** How a saved card is named to the customer ("your Visa ending in 4242"): said, never stored. */
export interface CardLabel {
  readonly brand: string;
  readonly last4: string;
}

/** What the customer can do about an outcome; the renderer turns it into plain words. */
export type CustomerAction =
  /** Nothing: Alexa already said it, or nothing went wrong. */
  | 'none'
  | 'try-again'
  | 'try-again-later'
  /** Amazon Pay: change the payment method in their Amazon account, then try again. */
  | 'update-payment-method'
  /** Amazon Pay: allow Amazon Pay for this skill in the Alexa app (send the consent card). */
  | 'grant-permission'
  /** Amazon Pay: the saved billing agreement can no longer be charged: run Setup again. */
  | 'set-up-payment-again'
  /** Amazon Pay's monthly limit for this agreement is reached. */
  | 'wait-for-monthly-limit'
  | 'contact-amazon-pay'
  /** Our fault: apologise; it has been logged. */
  | 'contact-us'
  /** Card: the bank declined it without a reason it lets us give: call the bank or use another card. */
  | 'contact-bank'
  | 'insufficient-funds'
  | 'card-expired'
  /** Card: the card's own spending or usage limit. */
  | 'card-limit'
  /** Card: this card cannot be used for this payment (type, currency, details): use another card. */
  | 'use-another-card'
  /** Card: there is no card to charge any more (removed on the account page): add one. */
  | 'add-card'
  /** Card: the bank wants the customer to confirm (3-D Secure): finish on the account page. */
  | 'authenticate'
  /** No answer from the payment service: the order is kept and finished automatically, never charged twice. */
  | 'wait';

export type ChargeOutcome =
  | {
      readonly kind: 'charged';
      /** The reference the payment service echoed (ours); undefined when it echoed none. */
      readonly authorizationReferenceId: string | undefined;
      /** The payment service's own ID: Amazon's authorization ID, or Stripe's PaymentIntent ID. */
      readonly paymentId: string | undefined;
      /** What was captured, when the service said. */
      readonly captured: Money | undefined;
    }
  | {
      /** Accepted but not decided (Amazon Pay Pending, Stripe processing): nothing may be assumed yet. */
      readonly kind: 'pending';
      readonly authorizationReferenceId: string | undefined;
      readonly paymentId: string | undefined;
    }
  | {
      readonly kind: 'declined';
      /** Amazon Pay's reason code, or Stripe's decline code. */
      readonly reasonCode: string;
      readonly softDecline: boolean;
      /** The customer may confirm the same order again (Amazon Pay; a card decline is final for its order). */
      readonly retryable: boolean;
      /** The decline came as an error status, which Alexa speaks itself: say nothing more about it. */
      readonly spokenByAlexa: boolean;
      readonly authorizationReferenceId: string | undefined;
      readonly action: CustomerAction;
    }
  | {
      /** The bank wants the customer present (3-D Secure): the payment waits for them on the account page. */
      readonly kind: 'authentication-required';
      readonly paymentId: string;
      readonly action: 'authenticate';
    }
  | {
      /** No answer (timeout, connection failure, the service's own error): whether money moved is not known yet. */
      readonly kind: 'unreachable';
      readonly reason: 'timeout' | 'network' | 'server-error';
      readonly action: 'wait';
    }
  | {
      /** The payment service refused the request itself (not a decline): e.g. the saved card is no longer there. */
      readonly kind: 'refused';
      readonly code: string;
      readonly action: CustomerAction;
    }
  | AmazonPayProblem;

/** An outcome that took no money (everything but charged, pending, waiting for the customer, or unknown). */
export type ChargeProblem = Exclude<ChargeOutcome, { kind: 'charged' | 'pending' | 'authentication-required' }>;

/**
 * Amazon's rule for purchases by voice: where an item (or the average order) is $100 or more, a four-digit voice
 * code must be offered. Per currency, in minor units: 100 US dollars, pounds and euros; 15,000 yen.
 */
export const VOICE_CODE_OFFER_FROM: Readonly<Record<Money['currency'], number>> = {
  USD: 10_000,
  GBP: 10_000,
  EUR: 10_000,
  JPY: 15_000,
};

export function offersVoiceCode(total: Money): boolean {
  return total.minor >= VOICE_CODE_OFFER_FROM[total.currency];
}
