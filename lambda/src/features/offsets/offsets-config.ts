import type { AmazonPayConfig } from './domain/amazon-pay';
import type { Currency } from './domain/money';
import type { OffsetPricing } from './domain/quote';

/** Selling offsets, as configured (app/config.ts reads and checks it from the environment). */
export interface OffsetConfig {
  readonly amazonPay: AmazonPayConfig;
  readonly pricing: OffsetPricing;
  readonly currency: Currency;
  readonly taxCountry: string;
  readonly quoteValidMs: number;
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
  /** The Amazon Pay API the monthly job charges plans through. */
  readonly amazonPayApi:
    | { readonly baseUrl: string; readonly apiKey: string | undefined; readonly timeoutMs: number }
    | undefined;
}
