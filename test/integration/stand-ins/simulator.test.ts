/**
 * The simulator's conversation loop as a script run sees it: the foundation transcript against the built skill, and
 * Amazon's side of a purchase against the fake bundle.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAccountsLocally } from '../../../accounts/local/start-locally';
import { AMAZON_PAY_SCOPE, DialogDriver } from '../../../tools/simulator/dialog-driver';
import type { LineSource } from '../../../tools/simulator/line-source';
import { LinkedCardSide } from '../../../tools/simulator/linked-card-side';
import { amazonPromptFor, resolveAmazonAnswer } from '../../../tools/simulator/purchases-side';
import { plainStyle } from '../../../tools/simulator/render';
import { Simulator } from '../../../tools/simulator/simulator';
import { InSkillProductsApi } from '../../../tools/stand-ins/in-skill-products-api';
import { findProjectRoot } from '../../../tools/stand-ins/project-root';
import { FAKE_PRODUCTS, type FakeSkill, writeFakePaySkill, writeFakeSkill } from './fake-skill';

const SCRIPT_SOURCE: LineSource = { echo: true, next: async () => undefined, close: () => undefined };
const TERMINAL_SOURCE: LineSource = { ...SCRIPT_SOURCE, echo: false };

/** Plays lines as a script (or, with the terminal source, a developer) would and returns everything printed. */
async function play(
  driver: DialogDriver,
  lines: readonly string[],
  source = SCRIPT_SOURCE,
): Promise<{ output: string; failures: number }> {
  const printed: string[] = [];
  const simulator = new Simulator(driver, (text) => printed.push(text), plainStyle, source, 'tester');
  for (const line of lines) {
    const text = line.trim();
    if (text === '' || text.startsWith('#')) continue;
    printed.push(`you> ${text}`);
    if ((await simulator.handle(text)) === 'quit') break;
  }
  return { output: printed.join('\n'), failures: simulator.failures };
}

describe('the foundation transcript', () => {
  it('plays open, help, stop, and greets the customer as returning on the next visit', async () => {
    const driver = await DialogDriver.start({ userId: 'amzn1.ask.account.transcript' });
    try {
      const script = readFileSync(join(findProjectRoot(), 'test/dialog/scripts/foundation.txt'), 'utf8');
      const { output, failures } = await play(driver, script.split('\n'));
      expect(failures).toBe(0);
      const launches = output.split('you> open green horizons').slice(1);
      expect(launches).toHaveLength(2);
      expect(launches[0]).toContain('Welcome to Green Horizons');
      expect(launches[1]).not.toContain('Welcome to Green Horizons');
      expect(output).toContain('session closed');
    } finally {
      await driver.stop();
    }
  });
});

describe("Amazon's side of a purchase", () => {
  let fake: FakeSkill;
  let products: InSkillProductsApi;
  let driver: DialogDriver;

  beforeAll(async () => {
    fake = writeFakeSkill();
    products = await InSkillProductsApi.start({ definitions: FAKE_PRODUCTS });
    driver = await DialogDriver.start({ bundlePath: fake.bundlePath, products, userId: 'amzn1.ask.account.tester' });
  });

  afterEach(() => products.reset());

  afterAll(async () => {
    await driver.stop();
    await products.close();
    fake.remove();
  });

  it('speaks the product and price, entitles on accept, and sends the Connections.Response', async () => {
    const { output, failures } = await play(driver, ['open green horizons', 'help', '> accept']);
    expect(failures).toBe(0);
    expect(output).toContain(
      "Green Plus: Unlimited estimates and weekly tips. It's $2.99 per month plus tax after a 7-day free trial.",
    );
    expect(output).toContain('Amazon sends Connections.Response Buy ACCEPTED');
    expect(output).toContain('You own Green Plus times 1.');
    expect(products.entitlements('amzn1.ask.account.tester')).toHaveLength(1);
  });

  it('sends DECLINED and changes nothing on decline', async () => {
    const { output } = await play(driver, ['open green horizons', 'help', '> 2']);
    expect(output).toContain('Buy DECLINED for resume:help. You own nothing.');
    expect(products.entitlements('amzn1.ask.account.tester')).toEqual([]);
  });

  it('entitles first when the developer says it was already purchased', async () => {
    const { output } = await play(driver, ['open green horizons', 'help', '> already purchased']);
    expect(output).toContain('Buy ALREADY_PURCHASED');
    expect(products.entitlements('amzn1.ask.account.tester')).toHaveLength(1);
  });

  it('at the terminal, takes any line that is not a command as the answer', async () => {
    const { output } = await play(driver, ['open green horizons', 'help', '.json', 'decline'], TERMINAL_SOURCE);
    expect(output).toContain('Raw response JSON on.');
    expect(output).toContain('Buy DECLINED for resume:help.');
  });

  it('asks again on an answer it does not know, and abandons the flow when the script moves on', async () => {
    const { output } = await play(driver, ['open green horizons', 'help', '> maybe', 'open green horizons']);
    expect(output).toContain('Choose one of: 1) accept  2) decline  3) error  4) already purchased, or skip.');
    expect(output).toContain("Amazon's question was left unanswered");
    expect(output).not.toContain('Connections.Response');
  });
});

describe('hand-overs the simulator cannot play', () => {
  const reservation = {
    type: 'Connections.SendRequest' as const,
    name: 'ScheduleFoodEstablishmentReservation',
    payload: { '@type': 'ScheduleFoodEstablishmentReservationRequest', '@version': '1' },
    token: 'resume:reservation',
  };

  it('shows the payload and takes a raw JSON payload, with or without a status', async () => {
    const products = await InSkillProductsApi.start({ definitions: [] });
    try {
      const prompt = amazonPromptFor(reservation, { products, userId: 'someone', locale: 'en-US' });
      const name = reservation.name;
      expect(prompt.choices).toEqual([]);
      expect(prompt.lines.join('\n')).toContain('ScheduleFoodEstablishmentReservationRequest');
      expect(resolveAmazonAnswer(prompt, '{"reservationStatus":"CONFIRMED"}')).toEqual({
        kind: 'send',
        answer: { name, payload: { reservationStatus: 'CONFIRMED' } },
        notes: [],
        summary: '',
      });
      expect(resolveAmazonAnswer(prompt, '{"status":{"code":"400","message":"InvalidParameterValue"}}')).toEqual({
        kind: 'send',
        answer: { name, payload: {}, status: { code: '400', message: 'InvalidParameterValue' } },
        notes: [],
        summary: '400 InvalidParameterValue',
      });
      expect(resolveAmazonAnswer(prompt, 'not json').kind).toBe('invalid');
      expect(resolveAmazonAnswer(prompt, 'skip')).toEqual({ kind: 'skip' });
    } finally {
      await products.close();
    }
  });
});

describe("Amazon's side of Amazon Pay (fake skill)", () => {
  let fake: FakeSkill;
  let products: InSkillProductsApi;
  let driver: DialogDriver;

  beforeEach(async () => {
    fake = writeFakePaySkill();
    products = await InSkillProductsApi.start({ definitions: [] });
    driver = await DialogDriver.start({
      bundlePath: fake.bundlePath,
      products,
      userId: 'amzn1.ask.account.payer',
      permissions: { [AMAZON_PAY_SCOPE]: 'GRANTED' },
    });
  });

  afterEach(async () => {
    await driver.stop();
    await products.close();
    fake.remove();
  });

  it('plays Setup, then Charge, from script answers, and the monthly job charges the agreement', async () => {
    const { output, failures } = await play(driver, [
      'open green horizons',
      'help',
      '> approve',
      '> decline InvalidPaymentMethod',
      '.job',
    ]);
    expect(failures).toBe(0);
    expect(output).toContain('Pay fake, seller A2SANDBOXSELLER01, sandbox sandbox-buyer@example.com, api set.');
    expect(output).toContain(
      'Setup: a recurring agreement of $5.97 a month (merchant-initiated) with Green Horizons, seller ' +
        'A2SANDBOXSELLER01, US USD, sandbox, buyer sandbox-buyer@example.com.',
    );
    expect(output).toContain('1) approve  2) permission missing');
    expect(output).toContain('Amazon sends Connections.Response Setup 200 OPEN C01-0000000-0000001');
    expect(output).toContain('Setup 200 OPEN C01-0000000-0000001.');
    expect(output).toContain(
      'Charge $5.97 (AuthorizeAndCapture) on billing agreement C01-0000000-0000001 for Green Horizons, order ord-1, ' +
        'reference ord-1-a1.',
    );
    expect(output).toContain('say your voice code');
    expect(output).not.toContain('gave out no billing agreement');
    expect(output).toContain('a soft decline');
    expect(output).toContain('Amazon sends Connections.Response Charge 200 Declined InvalidPaymentMethod');
    expect(output).toContain('Charge 200 Declined InvalidPaymentMethod.');
    expect(output).toMatch(/Monthly job for \d{4}-\d\d: 1 plan\(s\)/);
    expect(output).toContain('C01-0000000-0000001: charged');
    expect(output).toContain(
      'Amazon Pay API: C01-0000000-0000001-m1 Closed MaxCapturesProcessed on C01-0000000-0000001',
    );
    expect(driver.amazonPayApi.captures).toHaveLength(1);
  });

  it('approves a Charge, and answers with errors by name or number', async () => {
    const { output } = await play(driver, ['ask green horizons for help', '> 1', '> approve']);
    expect(output).toContain('captured $5.97 (Closed, MaxCapturesProcessed)');
    expect(output).toContain('Charge 200 Closed MaxCapturesProcessed.');

    const errors = await play(driver, [
      'ask green horizons for help',
      '> error ServiceUnavailable',
      'ask green horizons for help',
      '> InvalidSellerId',
      'ask green horizons for help',
      '> 2',
    ]);
    expect(errors.output).toContain('Amazon sends Connections.Response Setup 503 ServiceUnavailable');
    expect(errors.output).toContain('Setup 503 ServiceUnavailable.');
    expect(errors.output).toContain('Setup 400 InvalidSellerId.');
    expect(errors.output).toContain('Setup 403 ACCESS_NOT_REQUESTED.');
  });

  it('says what Alexa has already spoken for an error it handles', async () => {
    const { output } = await play(driver, ['ask green horizons for help', '> error InvalidAccountStatus']);
    expect(output).toContain(`Alexa has said: "Sorry, I can't place orders with Green Horizons right now."`);
    expect(output).toContain('Setup 403 InvalidAccountStatus.');
  });

  it('turns the permission off and on, and plays the missing permission', async () => {
    const { output, failures } = await play(driver, [
      '.permission off',
      'ask green horizons for help',
      '> permission missing',
      '.permission denied',
      'ask green horizons for help',
      '> permission missing',
      '.permission on',
      '.permission maybe',
    ]);
    expect(failures).toBe(0);
    expect(output).toContain('payments:autopay_consent not granted');
    expect(output).toContain('(the customer has not granted payments:autopay_consent');
    expect(output).toContain('Setup 403 ACCESS_NOT_REQUESTED.');
    expect(output).toContain('Setup 403 ACCESS_DENIED.');
    expect(output).toContain('Usage: .permission on|off|denied (payments:autopay_consent is GRANTED');
    expect(driver.permission(AMAZON_PAY_SCOPE)).toBe('GRANTED');
  });

  it('gives a billing agreement that cannot be charged', async () => {
    const { output } = await play(driver, ['ask green horizons for help', '> approve SUSPENDED', '.job']);
    expect(output).toContain('billing agreement C01-0000000-0000001, SUSPENDED (it cannot be charged)');
    expect(output).toContain('Setup 200 SUSPENDED C01-0000000-0000001.');
    expect(driver.billingAgreements.get('C01-0000000-0000001')).toBe('SUSPENDED');
    expect(output).toContain('Monthly job for');
    expect(output).toContain('no active plans');
  });

  it('points out an agreement Amazon never gave out and the sandbox simulation, and asks again when unsure', async () => {
    const { output } = await play(driver, ['open green horizons', 'yes', '> decline', '> decline AmazonRejected']);
    expect(output).toContain('(Amazon gave out no billing agreement C01-UNKNOWN in this run');
    expect(output).toContain('asks Amazon to decline with AmazonRejected: answer "decline AmazonRejected"');
    expect(output).toContain('Answer approve, decline <reason>, error <code>');
    expect(output).toContain('Charge 200 Declined AmazonRejected.');
  });

  it('takes a JSON answer too', async () => {
    const { output } = await play(driver, [
      'ask green horizons for help',
      '> {"status":{"code":"400","message":"InvalidParameterValue"}}',
    ]);
    expect(output).toContain('Amazon sends Connections.Response Setup 400 InvalidParameterValue');
    expect(output).toContain('Setup 400 InvalidParameterValue.');
  });
});

describe('the monthly job command without the job', () => {
  it('reports a bundle that does not export monthlyChargesHandler as a failure', async () => {
    const fake = writeFakeSkill();
    const driver = await DialogDriver.start({ bundlePath: fake.bundlePath });
    try {
      const { output, failures } = await play(driver, ['.job']);
      expect(failures).toBe(1);
      expect(output).toContain('does not export monthlyChargesHandler');
    } finally {
      await driver.stop();
      fake.remove();
    }
  });
});

describe('Amazon Pay prompts read the payload', () => {
  const charge = (payload: Record<string, unknown>) => ({
    type: 'Connections.SendRequest' as const,
    name: 'Charge',
    payload,
    token: 'offset:order-charge:ord-1:ord-1-a1',
  });

  it('offers only errors for a Charge that cannot be charged, and says why', async () => {
    const products = await InSkillProductsApi.start({ definitions: [] });
    try {
      const prompt = amazonPromptFor(
        charge({
          '@type': 'ChargeAmazonPayRequest',
          '@version': '2',
          sellerId: 'A2SANDBOXSELLER01',
          billingAgreementId: 'C01-1',
          paymentAction: 'authorizeAndCapture',
          authorizeAttributes: { authorizationReferenceId: 'ref', authorizationAmount: { amount: '5.97' } },
        }),
        { products, userId: 'someone', locale: 'en-US', amazonPayPermission: 'GRANTED' },
      );
      const lines = prompt.lines.join('\n');
      expect(lines).toContain('paymentAction "authorizeAndCapture" is not Authorize or AuthorizeAndCapture');
      expect(lines).toContain('InvalidAuthorizationAmount');
      expect(prompt.choices.map((choice) => choice.label)).not.toContain('approve');
      expect(resolveAmazonAnswer(prompt, 'approve').kind).toBe('invalid');
      const decision = resolveAmazonAnswer(prompt, 'InvalidPaymentAction');
      expect(decision).toMatchObject({
        kind: 'send',
        answer: { name: 'Charge', status: { code: '400', message: 'InvalidPaymentAction' } },
        summary: '400 InvalidPaymentAction',
      });
      // Declines can only come as errors here, so a bare reason code picks that error.
      expect(resolveAmazonAnswer(prompt, 'ProcessingFailure')).toMatchObject({ summary: '500 ProcessingFailure' });
    } finally {
      await products.close();
    }
  });
});

describe('the linked card in the simulator', () => {
  it('links, adds a card, buys by voice and shows the order email, as README’s quick start does', async () => {
    const accounts = await startAccountsLocally({ passwordHashLog2N: 12, logLevel: 'SILENT' });
    const driver = await DialogDriver.start({ userId: 'amzn1.ask.account.quickstart', linkedCard: accounts });
    try {
      const script = readFileSync(join(findProjectRoot(), 'test/dialog/scripts/linked-card.txt'), 'utf8');
      const printed: string[] = [];
      const side = new LinkedCardSide(
        accounts,
        (text) => printed.push(text),
        (text) => printed.push(`problem: ${text}`),
      );
      const simulator = new Simulator(driver, (text) => printed.push(text), plainStyle, SCRIPT_SOURCE, 'quickstart', [
        side,
      ]);
      for (const line of script.split('\n')) {
        const text = line.trim();
        if (text !== '' && !text.startsWith('#')) await simulator.handle(text);
      }
      const output = printed.join('\n');

      expect(simulator.failures).toBe(0);
      expect(output).not.toContain('problem:');
      expect(output).toMatch(/link your Green Horizons account/);
      expect(output).toMatch(
        /Linked amzn1\.ask\.account\.quickstart to the Green Horizons account quickstart@example\.test/,
      );
      expect(output).toMatch(/Saved on the account page: visa ending in 4242/);
      expect(output).toMatch(/Your order is placed: 398 kilograms/);
      expect(output).toMatch(/email to quickstart@example\.test: Your carbon offset order o\w+/);
      expect(output).toMatch(/Seller of record: Green Horizons/);
      expect(simulator.help).toContain('.card visa|declined|3ds');
      expect(side.banner(driver.userId)).toContain(`${accounts.url}/account`);
      expect(accounts.stripe.paymentIntents()).toHaveLength(1);
    } finally {
      await driver.stop();
      await accounts.stop();
    }
  });
});
