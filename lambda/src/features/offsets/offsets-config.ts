import type { AmazonPayConfig } from './domain/amazon-pay';
import type { Currency } from './domain/money';
import type { RailName } from './domain/payment';
import type { OffsetPricing } from './domain/quote';

/** A secret: its value (local runs, tests), or the Secrets Manager secret holding it (AWS), read on first use. */
export type Secret = { readonly value: string } | { readonly secretArn: string };

/** The linked-card rail: the Green Horizons account service, Stripe and the order email. */
export interface LinkedCardConfig {
  /** The account service's public URL: the access tokens' issuer, and the account page's base (`/account`). */
  readonly accountsUrl: string;
  readonly accountsTableName: string;
  readonly accessTokenAudience: string;
  /** Timeout of the one key-set fetch per container (well inside Alexa's 8 s). */
  readonly jwksTimeoutMs: number;
  /** The voice-code pepper (the account service hashes with the same secret). */
  readonly voiceCodePepper: Secret;
  readonly stripe: {
    readonly secretKey: Secret;
    /** A Stripe-compatible server (the stand-in), through the library's own host, port and protocol options. */
    readonly apiUrl: URL | undefined;
    /** Per Stripe request within an Alexa request (the scheduled job allows itself more). */
    readonly timeoutMs: number;
  };
  readonly email: {
    /** The SES-verified sender of order emails. */
    readonly from: string;
    readonly sesEndpoint: string | undefined;
    readonly configurationSet: string | undefined;
  };
  /** Timeout of a Secrets Manager read (cold start of the charge path only). */
  readonly secretsTimeoutMs: number;
}

/** Selling offsets, as configured (app/config.ts reads and checks it from the environment). */
export interface OffsetConfig {
  /** Which rail takes the money: PAYMENT_RAIL. */
  readonly rail: RailName;
  /** The seller of record, read back before charging and named on the order card and email. */
  readonly sellerName: string;
  /** Amazon Pay for Alexa Skills (rail `amazon-pay`). */
  readonly amazonPay: AmazonPayConfig | undefined;
  /** The linked account's card (rail `linked-card`). */
  readonly linkedCard: LinkedCardConfig | undefined;
  readonly pricing: OffsetPricing;
  readonly currency: Currency;
  readonly taxCountry: string;
  readonly quoteValidMs: number;
  /** A paid card order can be refunded by voice or on the account page this long after its charge. */
  readonly refundWindowMs: number;
  /** Where retirements are bought: the embedded ledger, or a clearing house over HTTP. */
  readonly provider:
    | { readonly kind: 'ledger' }
    | {
        readonly kind: 'clearing-house';
        readonly baseUrl: string;
        readonly apiKey: string;
        readonly timeoutMs: number;
        readonly maxAttempts: number;
      };
  /** The Amazon Pay API the monthly job charges plans through (rail `amazon-pay`). */
  readonly amazonPayApi:
    | { readonly baseUrl: string; readonly apiKey: string | undefined; readonly timeoutMs: number }
    | undefined;
}

/** The access tokens' audience the account service issues by default (accounts/src/contract's DEFAULT_AUDIENCE). */
export const ACCESS_TOKEN_AUDIENCE = 'urn:green-horizons:skill';

/** Refunds by voice and on the account page: 14 days from the charge (TERMS.md; the account page says the same). */
export const REFUND_WINDOW_MS = 14 * 24 * 60 * 60_000;
