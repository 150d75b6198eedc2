import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

describe('scripts/subscribe-events.mjs', () => {
  const arn = 'arn:aws:lambda:us-east-1:123456789012:function:green-horizons-SkillFunction-AbC123';

  function run(...args: string[]): { manifest: Record<string, unknown> } {
    const dir = mkdtempSync(join(tmpdir(), 'events-'));
    const copy = join(dir, 'skill.json');
    writeFileSync(copy, readFileSync(join(root, 'skill-package/skill.json')));
    const state = join(dir, 'ask-states.json');
    writeFileSync(
      state,
      JSON.stringify({ profiles: { default: { skillInfrastructure: { x: { outputs: [{ value: arn }] } } } } }),
    );
    execFileSync(process.execPath, [
      join(root, 'scripts/subscribe-events.mjs'),
      ...args,
      '--manifest',
      copy,
      '--state',
      state,
    ]);
    return JSON.parse(readFileSync(copy, 'utf8'));
  }

  it('subscribes the deployed function to SKILL_DISABLED, finding its ARN in the ASK CLI state', () => {
    const updated = run();

    expect(updated.manifest.events).toEqual({
      endpoint: { uri: arn },
      subscriptions: [{ eventName: 'SKILL_DISABLED' }],
    });
    expect(updated.manifest.publishingInformation).toEqual(manifest.publishingInformation);
  });

  it('takes the ARN given on the command line', () => {
    const other = arn.replace('AbC123', 'Other');

    expect(run(other).manifest.events).toMatchObject({ endpoint: { uri: other } });
  });
});
