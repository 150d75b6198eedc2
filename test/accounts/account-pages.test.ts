/**
 * The account pages over HTTP, as a browser without JavaScript uses them: sign-up by emailed code, sign-in, CSRF,
 * password reset, the card through the Stripe stand-in's page, the voice code, orders and the plan as the skill
 * records them, refund requests, plan cancellation and account deletion.
 */
import type { LocalAccounts } from '../../accounts/local/start-locally';
import { AccountDirectory } from '../../accounts/src/contract/account-directory';
import type { AccountOrderInput, AccountPlanInput } from '../../accounts/src/contract/records';
import { accountIdOf, PASSWORD, signUp, startTestAccounts, uniqueEmail } from './support/accounts';
import { type Page, textOf, WebClient } from './support/web-client';

let accounts: LocalAccounts;

beforeAll(async () => {
  accounts = await startTestAccounts();
});

afterAll(() => accounts.stop());

const directory = () =>
  new AccountDirectory({
    client: accounts.parts.dynamoDb,
    tableName: accounts.config.tableName,
    voiceCodePepper: accounts.config.voiceCodePepper,
  });

/** Fills the Stripe stand-in's card page from the account page's "Add a card" button, and comes back. */
async function addCard(client: WebClient, account: Page, number = '4242424242424242'): Promise<Page> {
  const action = await client.submit(account, '/account/card');
  const checkout = new URL(action.url);
  expect(checkout.origin).toBe(accounts.stripe.url);
  const stripeBrowser = new WebClient(accounts.stripe.url);
  const form = await stripeBrowser.get(action.url);
  const back = await stripeBrowser.submit(form, checkout.pathname, { number, expiry: '12 / 34', cvc: '123' });
  return client.get(back.url);
}

describe('signing up', () => {
  it('emails a code; the right code creates the account and signs in', async () => {
    const email = uniqueEmail();
    const client = new WebClient(accounts.url);
    const codePage = await client.submit(await client.get('/sign-up'), '/sign-up', { email, password: PASSWORD });
    expect(textOf(codePage)).toContain(`We sent a six-digit code to ${email}`);
    const mail = await accounts.ses.waitForEmail(email);
    expect(mail.subject).toMatch(/^Your Green Horizons code: \d{6}$/);

    const wrong = await client.submit(codePage, '/sign-up/verify', {
      code: '000000' === mail.subject.slice(-6) ? '111111' : '000000',
    });
    expect(wrong.status).toBe(400);
    expect(textOf(wrong)).toContain('That code is not right. 4 more tries');

    const account = await client.submit(wrong, '/sign-up/verify', { code: mail.subject.slice(-6) });
    expect(account.url).toBe(`${accounts.url}/account?notice=welcome`);
    expect(textOf(account)).toContain('Your account is ready.');
    expect(textOf(account)).toContain(`Signed in as ${email}`);
  });

  it('answers an address that already has an account exactly like a new one, and tells its owner by email', async () => {
    const { email } = await signUp(accounts);
    const newcomer = uniqueEmail();
    const pages: Page[] = [];
    for (const address of [email.toUpperCase(), newcomer]) {
      const client = new WebClient(accounts.url);
      pages.push(
        await client.submit(await client.get('/sign-up'), '/sign-up', {
          email: address,
          password: 'another password!',
        }),
      );
    }
    const [existing, fresh] = pages as [Page, Page];
    expect(existing.status).toBe(fresh.status);
    expect(textOf(existing).replace(email, 'ADDRESS')).toBe(textOf(fresh).replace(newcomer, 'ADDRESS'));

    const mail = await accounts.ses.waitForEmail(email, 1);
    expect(mail.subject).toBe('You already have a Green Horizons account');
    expect(mail.text).not.toMatch(/\d{6}/);
  });

  it('checks the fields and says what is wrong with each', async () => {
    const client = new WebClient(accounts.url);
    const page = await client.submit(await client.get('/sign-up'), '/sign-up', {
      email: 'not an email',
      password: 'short',
    });
    expect(page.status).toBe(400);
    expect(textOf(page)).toContain('Enter an email address like name@example.com.');
    expect(textOf(page)).toContain('Use at least 10 characters.');
    expect(page.html).toContain('aria-invalid="true"');
  });
});

describe('signing in', () => {
  it('gives the same answer for a wrong password and an unknown email, and limits failed attempts', async () => {
    const { email } = await signUp(accounts);
    const client = new WebClient(accounts.url);
    const form = await client.get('/sign-in');
    const wrongPassword = await client.submit(form, '/sign-in', { email, password: 'not the password' });
    const unknown = await client.submit(form, '/sign-in', {
      email: uniqueEmail('nobody'),
      password: 'not the password',
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(textOf(wrongPassword).replace(email, 'X')).toBe(
      textOf(unknown)
        .replace(/value="[^"]*"/, '')
        .replace(/\S+@example\.test/, 'X'),
    );

    for (let attempt = 2; attempt <= 10; attempt += 1)
      await client.submit(form, '/sign-in', { email, password: 'guess' });
    const limited = await client.submit(form, '/sign-in', { email, password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(textOf(limited)).toContain('Too many attempts');
  });

  it('signs in and out', async () => {
    const { email } = await signUp(accounts);
    const client = new WebClient(accounts.url);
    const account = await client.submit(await client.get('/sign-in?next=/account'), '/sign-in', {
      email,
      password: PASSWORD,
    });
    expect(account.url).toBe(`${accounts.url}/account`);
    const out = await client.submit(account, '/sign-out');
    expect(textOf(out)).toContain('You are signed out.');
    expect((await client.get('/account')).url).toContain('/sign-in?next=');
  });

  it('never redirects to another site after signing in', async () => {
    const { email } = await signUp(accounts);
    const client = new WebClient(accounts.url);
    const page = await client.submit(await client.get('/sign-in?next=https://evil.example/'), '/sign-in', {
      email,
      password: PASSWORD,
      next: 'https://evil.example/',
    });
    expect(page.url).toBe(`${accounts.url}/account`);
  });
});

describe('CSRF protection', () => {
  it('refuses a form without the token, with another browser’s token, or from another site', async () => {
    const { client, page } = await signUp(accounts);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1] ?? '';

    expect((await client.request('POST', '/account/voice-code', { code: '2468', confirm: '2468' })).status).toBe(403);
    const stranger = new WebClient(accounts.url);
    await stranger.get('/sign-in');
    expect(
      (await stranger.request('POST', '/sign-in', { _csrf: token, email: 'a@b.test', password: 'x' })).status,
    ).toBe(403);
    const crossSite = await client.request(
      'POST',
      '/account/voice-code',
      { _csrf: token, code: '2468', confirm: '2468' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    expect(textOf(crossSite)).toContain('That form has expired');
    expect(
      (await client.request('POST', '/account/voice-code', { _csrf: token, code: '2468', confirm: '2468' })).status,
    ).toBe(303);
  });
});

describe('password reset', () => {
  it('emails a one-time link; the new password works, the old one and other sessions do not', async () => {
    const { email, client: other } = await signUp(accounts);
    const client = new WebClient(accounts.url);
    const unknownAnswer = await client.submit(await client.get('/password-reset'), '/password-reset', {
      email: uniqueEmail('nobody'),
    });
    const answer = await client.submit(await client.get('/password-reset'), '/password-reset', { email });
    expect(textOf(answer)).toContain('If an account uses that email, we have sent it a link');
    expect(textOf(answer)).toBe(textOf(unknownAnswer));

    const mail = await accounts.ses.waitForEmail(email, 1);
    const link = /(http:\/\/\S+\/password-reset\/\S+)/.exec(mail.text ?? '')?.[1] ?? '';
    const form = await client.get(link);
    const done = await client.submit(form, new URL(link).pathname, { password: 'a brand new password' });
    expect(textOf(done)).toContain('Your password is changed.');

    expect((await client.get(link)).status).toBe(410);
    expect((await other.get('/account')).url).toContain('/sign-in');
    const fresh = new WebClient(accounts.url);
    const old = await fresh.submit(await fresh.get('/sign-in'), '/sign-in', { email, password: PASSWORD });
    expect(old.status).toBe(401);
    const now = await fresh.submit(await fresh.get('/sign-in'), '/sign-in', {
      email,
      password: 'a brand new password',
    });
    expect(now.url).toBe(`${accounts.url}/account`);
  });
});

describe('the card', () => {
  it('is added on Stripe’s page, replaced, and removed; only Stripe’s IDs, brand and last four are kept', async () => {
    const { client, page, email } = await signUp(accounts);
    expect(textOf(page)).toContain('No card saved.');

    const saved = await addCard(client, page);
    expect(textOf(saved)).toContain('Your card is saved.');
    expect(textOf(saved)).toContain('Visa ending in 4242, expires 12/2034');
    const accountId = await accountIdOf(accounts, email);
    const first = await accounts.parts.accounts.get(accountId);
    expect(first?.card).toMatchObject({ brand: 'visa', last4: '4242' });
    expect(JSON.stringify(first)).not.toContain('4242424242424242');

    const replaced = await addCard(client, saved, '5555555555554444');
    expect(textOf(replaced)).toContain('Mastercard ending in 4444');
    const customer = first?.stripeCustomerId ?? '';
    expect(
      accounts.stripe.paymentMethodsOf(customer).map((method) => (method.card as { last4: string }).last4),
    ).toEqual(['4444']);

    const removed = await client.submit(replaced, '/account/card/remove');
    expect(textOf(removed)).toContain('Your card is removed.');
    expect(textOf(removed)).toContain('No card saved.');
    expect(accounts.stripe.paymentMethodsOf(customer)).toEqual([]);
  });

  it('is saved even when the customer never comes back from Stripe’s page', async () => {
    const { client, page } = await signUp(accounts);
    const action = await client.submit(page, '/account/card');
    const stripeBrowser = new WebClient(accounts.stripe.url);
    const form = await stripeBrowser.get(action.url);
    await stripeBrowser.submit(form, new URL(action.url).pathname, {
      number: '4242424242424242',
      expiry: '12/34',
      cvc: '123',
    });

    expect(textOf(await client.get('/account'))).toContain('Visa ending in 4242');
  });

  it('can be saved by test payment-method ID for the simulator, with Stripe’s outcome for that card', async () => {
    const { client, email } = await signUp(accounts);
    const accountId = await accountIdOf(accounts, email);
    const service = accounts.parts.service;

    expect(await service.saveTestCard(accountId, 'pm_card_chargeDeclined')).toBe('declined');
    expect(await service.saveTestCard(accountId, 'pm_card_authenticationRequiredOnSetup')).toBe('requires-action');
    expect(await service.saveTestCard(accountId, 'pm_card_chargeCustomerFail')).toBe('saved');
    expect(await service.saveTestCard(accountId, 'pm_card_visa')).toBe('saved');
    expect(textOf(await client.get('/account'))).toContain('Visa ending in 4242');
    const customer = (await accounts.parts.accounts.get(accountId))?.stripeCustomerId ?? '';
    expect(
      accounts.stripe.paymentMethodsOf(customer).map((method) => (method.card as { last4: string }).last4),
    ).toEqual(['4242']);
  });

  it('comes back with nothing saved when the customer cancels on Stripe’s page', async () => {
    const { client, page } = await signUp(accounts);
    const action = await client.submit(page, '/account/card');
    const cancel = /href="([^"]+)">Cancel and go back/.exec(
      (await new WebClient(accounts.stripe.url).get(action.url)).html,
    )?.[1];
    const back = await client.get(`${cancel}`);
    expect(textOf(back)).toContain('No card was added.');
    expect(textOf(back)).toContain('No card saved.');
  });
});

describe('the voice code', () => {
  it('is checked and locked as the skill checks it; a new code on the page unlocks it', async () => {
    const { client, page, email } = await signUp(accounts);
    const accountId = await accountIdOf(accounts, email);
    for (const [code, confirm, problem] of [
      ['246', '246', 'A voice code is four digits'],
      ['2468', '2469', 'The two codes are not the same.'],
      ['1111', '1111', 'harder to guess'],
    ] as const) {
      const refused = await client.submit(page, '/account/voice-code', { code, confirm });
      expect(refused.status).toBe(400);
      expect(textOf(refused)).toContain(problem);
    }
    const set = await client.submit(page, '/account/voice-code', { code: '2468', confirm: '2468' });
    expect(textOf(set)).toContain('Your voice code is set.');
    const stored = (await accounts.parts.accounts.get(accountId))?.voiceCode;
    expect(stored?.hash).toMatch(/^scrypt\$14\$8\$1\$/);

    const skill = directory();
    expect(await skill.verifyVoiceCode(accountId, '2468')).toEqual({ kind: 'accepted' });
    expect(await skill.verifyVoiceCode(accountId, '24')).toEqual({ kind: 'malformed' });
    expect(await skill.verifyVoiceCode(accountId, '1357')).toEqual({ kind: 'rejected', attemptsLeft: 2 });
    expect(await skill.verifyVoiceCode(accountId, '2468')).toEqual({ kind: 'accepted' });
    expect(await skill.verifyVoiceCode(accountId, '1357')).toEqual({ kind: 'rejected', attemptsLeft: 2 });
    expect(await skill.verifyVoiceCode(accountId, '1358')).toEqual({ kind: 'rejected', attemptsLeft: 1 });
    expect(await skill.verifyVoiceCode(accountId, '1359')).toEqual({ kind: 'locked' });
    expect(await skill.verifyVoiceCode(accountId, '2468')).toEqual({ kind: 'locked' });
    expect(textOf(await client.get('/account'))).toContain('locked after three wrong tries');

    const reset = await client.submit(await client.get('/account'), '/account/voice-code', {
      code: '8024',
      confirm: '8024',
    });
    expect(textOf(reset)).toContain('A voice code is set');
    expect(await skill.verifyVoiceCode(accountId, '2468')).toEqual({ kind: 'rejected', attemptsLeft: 2 });
    expect(await skill.verifyVoiceCode(accountId, '8024')).toEqual({ kind: 'accepted' });

    const removed = await client.submit(reset, '/account/voice-code/remove');
    expect(textOf(removed)).toContain('No voice code.');
    expect(await skill.verifyVoiceCode(accountId, '8024')).toEqual({ kind: 'not-set' });
  });

  it('counts wrong codes tried on two devices at once', async () => {
    const { client, page, email } = await signUp(accounts);
    const accountId = await accountIdOf(accounts, email);
    await client.submit(page, '/account/voice-code', { code: '5791', confirm: '5791' });

    const answers = await Promise.all(
      ['1000', '2000', '3000'].map((digits) => directory().verifyVoiceCode(accountId, digits)),
    );
    expect(answers.map((answer) => answer.kind).sort()).toEqual(['locked', 'rejected', 'rejected']);
    expect(await directory().verifyVoiceCode(accountId, '5791')).toEqual({ kind: 'locked' });
  });
});

describe('orders and the plan, as the skill records them', () => {
  const money = (minor: number) => ({ minor, currency: 'USD' });
  const order = (orderId: string, changes: Partial<AccountOrderInput> = {}): AccountOrderInput => ({
    orderId,
    revision: 1,
    status: 'processing',
    description: 'Offset of 412 kg CO2e (flight Seattle to London)',
    kilograms: 412,
    net: money(618),
    tax: money(0),
    total: money(618),
    createdAt: '2026-11-20T10:00:00.000Z',
    ...changes,
  });
  const plan = (changes: Partial<AccountPlanInput> = {}): AccountPlanInput => ({
    planId: 'p0123456789abcdef01234567',
    revision: 1,
    status: 'active',
    kilogramsPerMonth: 120,
    monthlyTotal: money(199),
    startedAt: '2026-11-01T08:00:00.000Z',
    nextChargeOn: '2026-12-01',
    ...changes,
  });

  it('lists orders newest first with their certificates; a refund is asked for once', async () => {
    const { client, email } = await signUp(accounts);
    const accountId = await accountIdOf(accounts, email);
    const activity = accounts.parts.activity;
    expect(await activity.recordOrder(accountId, order('o1'))).toBe('recorded');
    expect(
      await activity.recordOrder(
        accountId,
        order('o1', {
          revision: 3,
          status: 'completed',
          certificateId: 'GH-CERT-1',
          certificateUrl: 'https://registry.example/GH-CERT-1',
        }),
      ),
    ).toBe('recorded');
    expect(await activity.recordOrder(accountId, order('o1', { revision: 2, status: 'paid' }))).toBe('stale');
    await activity.recordOrder(
      accountId,
      order('o2', {
        status: 'declined',
        createdAt: '2026-11-25T10:00:00.000Z',
        description: 'Offset of 5 kg CO2e (drive)',
      }),
    );
    await activity.recordOrder(
      accountId,
      order('o3', {
        status: 'action-required',
        nextActionUrl: 'https://accounts.example/pay/o3',
        createdAt: '2026-11-22T10:00:00.000Z',
      }),
    );

    const page = await client.get('/account');
    const text = textOf(page);
    expect(text.indexOf('Offset of 5 kg CO2e (drive)')).toBeLessThan(text.indexOf('flight Seattle to London'));
    expect(text).toContain('Declined: you were not charged');
    expect(text).toContain('Completed');
    expect(text).toContain('$6.18 (tax $0.00)');
    expect(page.html).toContain('href="https://registry.example/GH-CERT-1">GH-CERT-1</a>');
    expect(page.html).toContain('href="https://accounts.example/pay/o3">Confirm the payment</a>');

    const asked = await client.submit(page, '/account/orders/o1/refund', { reason: 'Ordered twice by mistake' });
    expect(textOf(asked)).toContain('Your refund request is recorded.');
    expect(textOf(asked)).toMatch(/Refund requested on \w+ \d+, 2026/);
    expect((await activity.getOrder(accountId, 'o1'))?.refund).toMatchObject({
      status: 'requested',
      reason: 'Ordered twice by mistake',
    });
    expect(await activity.requestRefund(accountId, 'o1', undefined)).toBe('already-requested');
    expect(await activity.requestRefund(accountId, 'o2', undefined)).toBe('not-refundable');
    expect(await activity.requestRefund(accountId, 'nope', undefined)).toBe('no-such-order');

    // The skill's later writes never undo the customer's request.
    await activity.recordOrder(
      accountId,
      order('o1', { revision: 4, status: 'completed', certificateId: 'GH-CERT-1' }),
    );
    expect((await activity.getOrder(accountId, 'o1'))?.refund?.status).toBe('requested');
    expect(await activity.settleRefund(accountId, 'o1', 'refunded')).toBe(true);
    expect(textOf(await client.get('/account'))).toContain('Refunded');
  });

  it('shows the plan and cancels it; the skill cannot revive a plan cancelled on the page', async () => {
    const { client, email } = await signUp(accounts);
    const accountId = await accountIdOf(accounts, email);
    const activity = accounts.parts.activity;
    await activity.recordPlan(accountId, plan());

    const page = await client.get('/account');
    expect(textOf(page)).toContain('120 kg of CO2e each month for $1.99, tax included');
    expect(textOf(page)).toContain('Next charge on December 1, 2026');

    const cancelled = await client.submit(page, '/account/plan/cancel');
    expect(textOf(cancelled)).toContain('Your monthly plan is cancelled.');
    expect(await activity.getPlan(accountId)).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'account-page',
      nextChargeOn: undefined,
    });

    expect(await activity.recordPlan(accountId, plan({ revision: 2 }))).toBe('stale');
    expect(
      await activity.recordPlan(accountId, plan({ revision: 3, startedAt: new Date(Date.now() + 1000).toISOString() })),
    ).toBe('recorded');
    expect(await activity.getPlan(accountId)).toMatchObject({ status: 'active', cancelledAt: undefined });
    expect(await activity.recordPlan(accountId, plan({ revision: 4, status: 'cancelled' }))).toBe('recorded');
    expect(await activity.getPlan(accountId)).toMatchObject({ status: 'cancelled', cancelledBy: 'voice' });
  });

  it('refuses records that are not money in minor units', async () => {
    const accountId = 'acct_0123456789abcdef01234567';
    await expect(
      accounts.parts.activity.recordOrder(accountId, order('o9', { total: { minor: 6.18, currency: 'USD' } })),
    ).rejects.toThrow(RangeError);
  });
});

describe('deleting the account', () => {
  it('asks for the password, then removes the card at Stripe, revokes linking and deletes every item', async () => {
    const { client, page, email } = await signUp(accounts);
    const accountId = await accountIdOf(accounts, email);
    const withCard = await addCard(client, page);
    const customer = (await accounts.parts.accounts.get(accountId))?.stripeCustomerId ?? '';
    await accounts.parts.activity.recordPlan(accountId, {
      planId: 'p1',
      revision: 1,
      status: 'active',
      kilogramsPerMonth: 10,
      monthlyTotal: { minor: 100, currency: 'USD' },
      startedAt: '2026-11-01T00:00:00.000Z',
    });

    const confirm = await client.get('/account/delete');
    const refused = await client.submit(confirm, '/account/delete', { password: 'wrong password' });
    expect(refused.status).toBe(401);
    expect(await accounts.parts.accounts.get(accountId)).toBeDefined();

    const deleted = await client.submit(confirm, '/account/delete', { password: PASSWORD });
    expect(textOf(deleted)).toContain('Your account and its data are deleted');
    expect(accounts.stripe.object(customer)).toMatchObject({ object: 'deleted-customer' });
    expect(accounts.stripe.state.all('payment_method').filter((method) => method.customer === customer)).toEqual([]);
    expect(await accounts.parts.accounts.get(accountId)).toBeUndefined();
    expect(await accounts.parts.accounts.findAccountId(email)).toBeUndefined();
    expect(await accounts.parts.activity.getPlan(accountId)).toBeUndefined();
    expect(
      await directory().getLinkedAccount({ accountId, clientId: 'x', scopes: [], issuedAt: 0, expiresAt: 0 }),
    ).toEqual({ kind: 'revoked' });
    expect((await client.get('/account')).url).toContain('/sign-in');
    expect(withCard.status).toBe(200);
  });
});

describe('every page', () => {
  it('has a label for every field, a language, a phone viewport and strict security headers', async () => {
    const { client } = await signUp(accounts);
    const anonymous = new WebClient(accounts.url);
    const pages = [
      await anonymous.get('/'),
      await anonymous.get('/sign-in'),
      await anonymous.get('/sign-up'),
      await anonymous.get('/password-reset'),
      await client.get('/account'),
      await client.get('/account/delete'),
    ];
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.html).toContain('<html lang="en">');
      expect(page.html).toContain('name="viewport" content="width=device-width, initial-scale=1"');
      expect(page.html).not.toContain('<script');
      for (const input of page.html.matchAll(/<(input|textarea)[^>]*>/g)) {
        if (/type="hidden"/.test(input[0])) continue;
        const id = /id="([^"]+)"/.exec(input[0])?.[1];
        expect(page.html).toContain(`<label for="${id}"`);
      }
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});
