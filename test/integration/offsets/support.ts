import type { AmazonPayConfig } from '../../../lambda/src/features/offsets/domain/amazon-pay';
import { DEFAULT_OFFSET_PRICING } from '../../../lambda/src/features/offsets/domain/quote';
import { type OffsetConfig, REFUND_WINDOW_MS } from '../../../lambda/src/features/offsets/offsets-config';

export const SELLER: AmazonPayConfig = {
  sellerId: 'A1SELLER2EXAMPLE',
  countryOfEstablishment: 'UK',
  ledgerCurrency: 'GBP',
  checkoutLanguage: 'en_GB',
  storeName: 'Green Horizons',
  softDescriptor: 'GreenHorizons',
  sandbox: { customerEmailId: 'buyer-test@example.com' },
};

/** A logger that keeps what it was given, to check what is (not) logged. */
export function recordingLogger() {
  const lines: { level: string; message: string; fields: unknown }[] = [];
  const at =
    (level: string) =>
    (message: string, ...rest: unknown[]) => {
      lines.push({ level, message, fields: rest[0] });
    };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** Offsets sold on Amazon Pay with SELLER, as app/config.ts would make it (for use cases and the job). */
export const AMAZON_PAY_OFFSETS: OffsetConfig = {
  rail: 'amazon-pay',
  sellerName: SELLER.storeName,
  amazonPay: SELLER,
  linkedCard: undefined,
  pricing: DEFAULT_OFFSET_PRICING,
  currency: 'GBP',
  taxCountry: 'GB',
  quoteValidMs: 30 * 60_000,
  refundWindowMs: REFUND_WINDOW_MS,
  provider: { kind: 'ledger' },
  amazonPayApi: undefined,
};
