/**
 * The account service in a real headless Chromium (Debian's chromium, driven by playwright-core; nothing is
 * downloaded), on a phone-sized screen as the Alexa app shows it: sign up, link as Alexa would, add a card on the
 * Stripe stand-in's page, set a voice code, delete the account. A screenshot of each page is kept in
 * test-artifacts/accounts/ (gitignored; CI keeps it as an artefact).
 */
import type { Page } from 'playwright-core';
import type { LocalAccounts } from '../../accounts/local/start-locally';
import { PASSWORD, startTestAccounts, uniqueEmail } from './support/accounts';
import { openPhoneBrowser, type PhoneBrowser } from './support/phone-browser';

const ALEXA_USER = 'amzn1.ask.account.BROWSERTEST';

let accounts: LocalAccounts;
let phone: PhoneBrowser;
let page: Page;
const screenshot = (name: string) => phone.screenshot(name);

beforeAll(async () => {
  accounts = await startTestAccounts();
  phone = await openPhoneBrowser('accounts');
  page = phone.page;
}, 30_000);

afterAll(async () => {
  await phone?.close();
  await accounts?.stop();
});

const email = uniqueEmail('browser');

describe('a customer in Chromium', () => {
  it('signs up with the emailed code', async () => {
    await page.goto(`${accounts.url}/`);
    await screenshot('home');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await screenshot('sign-up');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const code = /is (\d{6})\./.exec((await accounts.ses.waitForEmail(email)).text ?? '')?.[1] ?? '';
    await page.getByLabel('Code').fill(code);
    await screenshot('sign-up-code');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByText('Your account is ready.').waitFor();
    expect(await page.getByText(`Signed in as ${email}`).isVisible()).toBe(true);
    // Readable on a phone: nothing wider than the screen, even a long email address.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot('account-new');
  });

  it('links the account as the Alexa app does: sign-in page, consent, redirect to Alexa with a code', async () => {
    await page.goto(`${accounts.alexa.url}/start?user=${ALEXA_USER}`);
    await page.getByRole('heading', { name: 'Link Alexa to Green Horizons' }).waitFor();
    await screenshot('link-continue');
    await page.getByRole('button', { name: `Continue as ${email}` }).click();

    await page.getByRole('heading', { name: 'Allow Alexa to use your account?' }).waitFor();
    await screenshot('link-consent');
    await page.getByRole('button', { name: 'Allow' }).click();

    await page.getByRole('heading', { name: 'Green Horizons has been successfully linked.' }).waitFor();
    await screenshot('link-done');
    expect(accounts.alexa.tokensFor(ALEXA_USER)).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });

    await page.goto(`${accounts.url}/account`);
    await page.getByText(/Linked to Alexa since/).waitFor();
  });

  it('adds a card on the Stripe stand-in’s page', async () => {
    await page.getByRole('button', { name: 'Add a card' }).click();
    await page.getByRole('heading', { name: 'Save a card for future payments' }).waitFor();
    expect(page.url()).toContain(`${accounts.stripe.url}/checkout/pay/cs_test_`);
    await page.getByLabel('Card number', { exact: true }).fill('4242 4242 4242 4242');
    await page.getByLabel('Expiry (MM / YY)').fill('09 / 31');
    await page.getByLabel('CVC').fill('123');
    await screenshot('stripe-card');
    await page.getByRole('button', { name: 'Save card' }).click();

    await page.getByText('Your card is saved.').waitFor();
    expect(await page.locator('#saved-card').textContent()).toBe('Visa ending in 4242, expires 09/2031');
    await screenshot('account-card');
  });

  it('sets a voice code', async () => {
    await page.getByLabel('New four-digit code').fill('2468');
    await page.getByLabel('The same code again').fill('2468');
    await page.getByRole('button', { name: 'Set voice code' }).click();
    await page.getByText('Your voice code is set.').waitFor();
    expect(await page.locator('#voice-code-state').textContent()).toContain('A voice code is set');
    await screenshot('account-voice-code');
  });

  it('can do it all with the keyboard: skip link first, then the fields in reading order', async () => {
    await page.goto(`${accounts.url}/password-reset`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    const order: string[] = [];
    for (let step = 0; step < 5; step += 1) {
      await page.keyboard.press('Tab');
      order.push(
        String(await page.evaluate("document.activeElement?.id || document.activeElement?.textContent || ''")),
      );
    }
    expect(order).toEqual(['Green Horizons', 'Sign out', 'field-email', 'Email me a link', 'Back to sign in']);
  });

  it('deletes the account', async () => {
    await page.goto(`${accounts.url}/account`);
    await page.getByRole('link', { name: 'Delete account…' }).click();
    await page.getByLabel('Your password, to confirm').fill(PASSWORD);
    await screenshot('delete-confirm');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByRole('heading', { name: 'Your account is deleted' }).waitFor();
    await screenshot('deleted');

    expect(await accounts.parts.accounts.findAccountId(email)).toBeUndefined();
    expect(await accounts.alexa.refresh(ALEXA_USER)).toBeUndefined();
    expect(accounts.alexa.failureFor(ALEXA_USER)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});
