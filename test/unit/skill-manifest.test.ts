import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAccountsConfig } from '../../accounts/src/config';
import { OFFSETS_SCOPE } from '../../accounts/src/contract/token-verifier';

const ACCOUNTS_ENV = {
  PUBLIC_URL: 'https://accounts.example.com',
  ACCOUNTS_TABLE_NAME: 'accounts',
  AWS_REGION: 'us-east-1',
  ALEXA_CLIENT_SECRET: 's'.repeat(40),
  ALEXA_REDIRECT_URIS: 'https://pitangui.amazon.com/api/skill/link/M2VENDOR',
  ACCOUNTS_KEYS_SEED: 'k'.repeat(40),
  VOICE_CODE_PEPPER: 'p'.repeat(40),
  EMAIL_FROM: 'accounts@example.com',
};

const root = join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'skill-package/skill.json'), 'utf8')).manifest;
const skillLocales = Object.keys(manifest.publishingInformation.locales).sort();
const isps = readdirSync(join(root, 'skill-package/isps'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, isp: JSON.parse(readFileSync(join(root, 'skill-package/isps', file), 'utf8')) }));

interface Localized {
  smallIconUri: string;
  largeIconUri: string;
}

/** A `file://` icon of the skill package: it exists, and is a PNG of the size Amazon asks for. */
function expectIcon(uri: string, size: number): void {
  expect(uri).toMatch(/^file:\/\/assets\/images\/[\w-]+\.png$/);
  const path = join(root, 'skill-package', uri.replace('file://', ''));
  expect(existsSync(path)).toBe(true);
  const png = readFileSync(path);
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
}

/** A policy URL is this repository's file on GitHub, and the file is here. */
function expectRepositoryFile(url: string, file: string): void {
  expect(url).toMatch(new RegExp(`^https://github\\.com/[\\w.-]+/[\\w.-]+/blob/main/${file.replace('.', '\\.')}$`));
  expect(existsSync(join(root, file))).toBe(true);
}

describe('skill.json', () => {
  it('publishes en-US and en-GB with testing instructions that cover every feature', () => {
    expect(skillLocales).toEqual(['en-GB', 'en-US']);
    const instructions: string = manifest.publishingInformation.testingInstructions;
    for (const phrase of [
      'open green horizons',
      'what can I buy',
      'cancel my subscription',
      'refund',
      'reduction plan',
      'UK TESTERS (en-GB)',
    ]) {
      expect(instructions.toLowerCase()).toContain(phrase.toLowerCase());
    }
  });

  it('keeps the testing instructions within the 4,000 characters the developer console takes', () => {
    // The console's Certification > Testing instructions field holds 4,000 characters; a longer manifest value
    // cannot be edited there and risks being cut.
    expect(manifest.publishingInformation.testingInstructions.length).toBeLessThanOrEqual(4000);
  });

  it('asks for no Amazon Pay permission on the linked-card rail, and says in every locale that it uses account linking and offers a voice code', () => {
    expect(manifest.permissions ?? []).not.toContainEqual({ name: 'payments:autopay_consent' });
    for (const locale of Object.values(manifest.publishingInformation.locales) as { description: string }[]) {
      expect(locale.description).toMatch(/uses account linking/);
      expect(locale.description).toMatch(/four-digit voice code/);
      expect(locale.description).not.toMatch(/Amazon Pay/);
    }
  });

  it('gives the tester a test account, how to link it, the test cards and what to say', () => {
    const instructions: string = manifest.publishingInformation.testingInstructions;

    expect(instructions).toMatch(/TEST ACCOUNT: .*Link Account, then sign in with \S+@\S+ and the password \S+/);
    for (const card of ['4242 4242 4242 4242', '4000 0000 0000 0341', '4000 0027 6000 3184']) {
      expect(instructions).toContain(card);
    }
    for (const phrase of [
      "'offset it'",
      "'refund my offset'",
      "'cancel my order'",
      "'set up a monthly offset plan'",
      'VOICE CODE',
    ]) {
      expect(instructions).toContain(phrase);
    }
    expect(instructions).not.toMatch(/OFFSETS WITH AMAZON PAY/);
  });

  it('declares purchases, with 108 and 512 pixel icons from the package', () => {
    expect(manifest.privacyAndCompliance.allowsPurchases).toBe(true);
    for (const locale of Object.values(manifest.publishingInformation.locales) as Localized[]) {
      expectIcon(locale.smallIconUri, 108);
      expectIcon(locale.largeIconUri, 512);
    }
  });

  it("links every locale to this repository's privacy notice and terms", () => {
    for (const locale of skillLocales) {
      const links = manifest.privacyAndCompliance.locales[locale];
      expectRepositoryFile(links.privacyPolicyUrl, 'PRIVACY.md');
      expectRepositoryFile(links.termsOfUseUrl, 'TERMS.md');
    }
  });
});

describe('PRIVACY.md and TERMS.md', () => {
  const privacy = readFileSync(join(root, 'PRIVACY.md'), 'utf8');
  const terms = readFileSync(join(root, 'TERMS.md'), 'utf8');

  it('say what is stored, for how long, and how to have it deleted', () => {
    expect(privacy).toMatch(/## What is stored, and why/);
    expect(privacy).toMatch(/## How long it is kept/);
    expect(privacy).toMatch(/\*\*Delete your data:\*\* disable Green Horizons/);
    expect(privacy).toMatch(/Amazon Pay buyer ID is never stored/);
  });

  it('name the seller of record, what is retired, and how refunds work', () => {
    expect(terms).toMatch(/Green Horizons is the seller of record/);
    expect(terms).toMatch(/retires existing, verified carbon credits/);
    expect(terms).toMatch(/\*\*Cancellations and refunds\.\*\*/);
    expect(terms).toMatch(/within 14 days/);
  });
});

describe.each(isps)('in-skill product $file', ({ isp }) => {
  const publishing = isp.publishingInformation;

  it("is published in the skill's locales and countries, with a price in each country's marketplace", () => {
    expect(Object.keys(publishing.locales).sort()).toEqual(skillLocales);
    expect([...publishing.distributionCountries].sort()).toEqual(
      [...manifest.publishingInformation.distributionCountries].sort(),
    );
    const marketplaces: Record<string, string> = { US: 'amazon.com', GB: 'amazon.co.uk' };
    const currencies: Record<string, string> = { US: 'USD', GB: 'GBP' };
    for (const country of publishing.distributionCountries as string[]) {
      const listing =
        publishing.pricing[marketplaces[country] ?? `(no marketplace for ${country})`]?.defaultPriceListing;
      expect(listing?.currency).toBe(currencies[country]);
      expect(listing?.price).toBeGreaterThan(0);
      expect(Math.round(listing.price * 100)).toBeCloseTo(listing.price * 100, 6);
    }
  });

  it('has icons from the package and a privacy notice in every locale', () => {
    for (const locale of skillLocales) {
      expectIcon(publishing.locales[locale].smallIconUri, 108);
      expectIcon(publishing.locales[locale].largeIconUri, 512);
      expectRepositoryFile(isp.privacyAndCompliance.locales[locale].privacyPolicyUrl, 'PRIVACY.md');
    }
  });

  it('tells a UK tester what to do', () => {
    expect(isp.testingInstructions).toMatch(/In the UK \(en-GB, sold on amazon\.co\.uk in pounds\)/);
  });
});

describe('infrastructure/account-linking.json', () => {
  const linking = JSON.parse(
    readFileSync(join(root, 'infrastructure/account-linking.json'), 'utf8'),
  ).accountLinkingRequest;

  it('asks for the scope the skill needs, as the client the account service knows, with tokens Alexa accepts', () => {
    expect(linking).toMatchObject({
      type: 'AUTH_CODE',
      authorizationUrl: '{{ACCOUNTS_URL}}/auth',
      accessTokenUrl: '{{ACCOUNTS_URL}}/token',
      clientId: loadAccountsConfig(ACCOUNTS_ENV).alexa.clientId,
      scopes: [OFFSETS_SCOPE],
      // The free experience needs no account: linking is asked for only when paying.
      skipOnEnablement: true,
    });
    expect(linking.defaultTokenExpirationInSeconds).toBeGreaterThanOrEqual(360);
  });
});
