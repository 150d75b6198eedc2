import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'skill-package/skill.json'), 'utf8')).manifest;

describe('skill.json', () => {
  it('publishes en-US and en-GB with testing instructions that cover every feature', () => {
    expect(Object.keys(manifest.publishingInformation.locales).sort()).toEqual(['en-GB', 'en-US']);
    const instructions: string = manifest.publishingInformation.testingInstructions;
    for (const phrase of [
      'open green horizons',
      'what can I buy',
      'cancel my subscription',
      'refund',
      'reduction plan',
    ]) {
      expect(instructions.toLowerCase()).toContain(phrase.toLowerCase());
    }
  });

  it('asks for the Amazon Pay permission and says, in every locale, that the skill uses Amazon Pay and the voice code', () => {
    expect(manifest.permissions).toEqual([{ name: 'payments:autopay_consent' }]);
    for (const locale of Object.values(manifest.publishingInformation.locales) as { description: string }[]) {
      expect(locale.description).toMatch(/uses Amazon Pay/);
      expect(locale.description).toMatch(/four-digit voice code/);
    }
  });

  it('declares purchases, and only icons that exist', () => {
    expect(manifest.privacyAndCompliance.allowsPurchases).toBe(true);
    for (const locale of Object.values(manifest.publishingInformation.locales) as { smallIconUri: string }[]) {
      expect(() => readFileSync(join(root, 'skill-package', locale.smallIconUri.replace('file://', '')))).not.toThrow();
    }
  });
});
