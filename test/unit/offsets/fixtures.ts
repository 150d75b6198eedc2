import type { ChargeOutcome } from '../../../lambda/src/features/offsets/domain/amazon-pay';
import { DEFAULT_OFFSET_PRICING, type Quote, quoteOffset } from '../../../lambda/src/features/offsets/domain/quote';

export const T0 = new Date('2025-03-10T12:00:00.000Z');
export const later = (ms: number, from: Date = T0) => new Date(from.getTime() + ms);

export const USER = 'amzn1.ask.account.TESTUSER';
export const ORDER_ID = 'o0123456789abcdef01234567';
export const AGREEMENT = 'C01-1234567-1234567';

/** 1235 kg in GBP: £14.82 + VAT £2.96 = £17.78, valid 30 minutes from T0. */
export function gbpQuote(now: Date = T0): Quote {
  return quoteOffset({
    grams: 1_234_567,
    currency: 'GBP',
    taxCountry: 'GB',
    pricing: DEFAULT_OFFSET_PRICING,
    now,
    validForMs: 30 * 60_000,
  });
}

export function captured(reference: string): ChargeOutcome {
  return {
    kind: 'charged',
    authorizationReferenceId: reference,
    paymentId: 'S01-1234567-1234567-A000001',
    captured: { minor: 1778, currency: 'GBP' },
  };
}
