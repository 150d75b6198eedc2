import type { AmazonPayConfig } from '../../../lambda/src/features/offsets/domain/amazon-pay';

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
