/**
 * The account page's side of buying by voice, in a real headless Chromium on a phone-sized screen: a customer signs
 * up, links Alexa and saves a card that needs 3-D Secure; an offset bought by voice (the skill built from source, on
 * the same account service) waits for the bank, and the customer confirms it on the page and on the bank's page; the
 * next session places the order; the order, its certificate and the refund are on the page; then the monthly plan,
 * charged by the job and cancelled on the page. Screenshots in test-artifacts/linked-card/.
 */
import type { Page } from 'playwright-core';
import { type LinkedCardWorld, startLinkedCard } from '../support/linked-card';
import { PASSWORD, uniqueEmail } from './support/accounts';
import { openPhoneBrowser, type PhoneBrowser } from './support/phone-browser';

const ALEXA_USER = 'amzn1.ask.account.BROWSERBUYER';

let world: LinkedCardWorld;
let phone: PhoneBrowser;
let page: Page;
let offsetMs = 0;
const email = uniqueEmail('buyer');
const screenshot = (name: string) => phone.screenshot(name);

beforeAll(async () => {
  world = await startLinkedCard({
    tableName: 'browser-orders',
    userId: ALEXA_USER,
    overrides: { clock: () => new Date(Date.now() + offsetMs) },
  });
  phone = await openPhoneBrowser('linked-card');
  page = phone.page;
}, 30_000);

afterAll(async () => {
  await phone?.close();
  await world?.stop();
});

const say = async (utterance: string) => (await world.alexa.say(utterance)).speech;

describe('buying by voice, seen on the account page', () => {
  it('signs up, links Alexa and saves a card whose bank asks for 3-D Secure', async () => {
    await page.goto(`${world.accounts.url}/sign-up`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const code = /is (\d{6})\./.exec((await world.accounts.ses.waitForEmail(email)).text ?? '')?.[1] ?? '';
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.goto(`${world.accounts.alexa.url}/start?user=${ALEXA_USER}`);
    await page.getByRole('button', { name: `Continue as ${email}` }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.getByRole('heading', { name: 'Green Horizons has been successfully linked.' }).waitFor();

    await page.goto(`${world.accounts.url}/account`);
    await page.getByRole('button', { name: 'Add a card' }).click();
    await page.getByLabel('Card number', { exact: true }).fill('4000 0027 6000 3184');
    await page.getByLabel('Expiry (MM / YY)').fill('09 / 31');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: 'Save card' }).click();
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    await page.getByText('Your card is saved.').waitFor();
  });

  it('an offset bought by voice waits for the bank; the customer confirms it on the page and the bank’s page', async () => {
    await world.alexa.launch();
    await say('a flight from seattle to j. f. k.');
    expect(await say('offset it')).toMatch(/It will be charged to your Visa ending in 3 1 8 4/);
    expect(await say('yes')).toMatch(/Your bank wants you to confirm this payment/);

    await page.goto(`${world.accounts.url}/account`);
    await page.getByText('Waiting for you to confirm the payment with your bank').waitFor();
    await screenshot('order-waiting');
    await page.getByRole('link', { name: 'Confirm the payment' }).click();
    await page.getByRole('heading', { name: 'Confirm your payment' }).waitFor();
    await screenshot('confirm-payment');
    await page.getByRole('button', { name: 'Confirm with my bank' }).click();
    await page.getByRole('heading', { name: '3-D Secure test authentication' }).waitFor();
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    await page.getByRole('heading', { name: 'Payment confirmed' }).waitFor();
    await screenshot('payment-confirmed');

    await world.alexa.endSession();
    expect((await world.alexa.launch()).speech).toMatch(/Your order is placed: 398 kilograms/);
  });

  it('lists the order with its certificate, and refunds it at once when asked', async () => {
    await page.goto(`${world.accounts.url}/account`);
    const order = page.locator('li[data-order]').first();
    await order.getByText('Completed').waitFor();
    await screenshot('order-completed');
    await order.getByRole('link', { name: /^GH-/ }).click();
    await page.getByRole('heading', { name: 'Your order' }).waitFor();
    expect(await page.locator('.certificate').textContent()).toMatch(
      /398 kg CO2e of existing, verified carbon credits/,
    );
    await screenshot('certificate');

    await page.goto(`${world.accounts.url}/account`);
    await page.getByLabel('Ask for a refund (why? optional)').fill('Testing the refund');
    await page.getByRole('button', { name: 'Ask for a refund' }).click();
    await page.getByText(/Your order is refunded to your card/).waitFor();
    await page.locator('li[data-order] .refund').getByText('Refunded').waitFor();
    await screenshot('order-refunded');
    expect(world.accounts.stripe.refunds()).toHaveLength(1);
  });

  it('shows the monthly plan the job charges, and cancels it', async () => {
    await page.goto(`${world.accounts.url}/account`);
    await page.getByRole('button', { name: 'Replace card' }).click();
    await page.getByLabel('Card number', { exact: true }).fill('4242 4242 4242 4242');
    await page.getByLabel('Expiry (MM / YY)').fill('09 / 31');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: 'Save card' }).click();
    await page.getByText('Your card is saved.').waitFor();

    await world.alexa.launch();
    await say('my electricity bill was 500 kilowatt hours');
    await say('set up a monthly offset plan');
    expect(await say('yes')).toMatch(/monthly offset plan is set up/);
    offsetMs += 5 * 60_000;
    await world.alexa.runMonthlyJob();

    await page.goto(`${world.accounts.url}/account`);
    await page.getByText(/175 kg of CO2e each month/).waitFor();
    await page.getByText(/Monthly offset plan, \d{4}-\d\d/).waitFor();
    await screenshot('plan-active');
    await page.getByRole('button', { name: 'Cancel the plan' }).click();
    await page.getByText('Your monthly plan is cancelled.', { exact: false }).waitFor();
    await screenshot('plan-cancelled');
    await world.alexa.launch();
    expect(await say("what's my offset plan status")).toMatch(/cancelled/);
  });
});
