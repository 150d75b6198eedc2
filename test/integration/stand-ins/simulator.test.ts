/**
 * The simulator's conversation loop as a script run sees it: the foundation transcript against the built skill, and
 * Amazon's side of a purchase against the fake bundle.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { amazonPromptFor, resolveAmazonAnswer } from '../../../tools/simulator/amazon-side';
import { DialogDriver } from '../../../tools/simulator/dialog-driver';
import type { LineSource } from '../../../tools/simulator/line-source';
import { plainStyle } from '../../../tools/simulator/render';
import { Simulator } from '../../../tools/simulator/simulator';
import { InSkillProductsApi } from '../../../tools/stand-ins/in-skill-products-api';
import { findProjectRoot } from '../../../tools/stand-ins/project-root';
import { FAKE_PRODUCTS, type FakeSkill, writeFakeSkill } from './fake-skill';

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

describe('Amazon Pay and other hand-overs the simulator cannot play', () => {
  const setup = {
    type: 'Connections.SendRequest' as const,
    name: 'Setup',
    payload: { '@type': 'SetupAmazonPayRequest', '@version': '2' },
    token: 'resume:setup',
  };

  it('shows the payload and takes a raw JSON payload, with or without a status', async () => {
    const products = await InSkillProductsApi.start({ definitions: [] });
    try {
      const prompt = amazonPromptFor(setup, { products, userId: 'someone', locale: 'en-US' });
      expect(prompt.choices).toEqual([]);
      expect(prompt.lines.join('\n')).toContain('SetupAmazonPayRequest');
      expect(resolveAmazonAnswer(prompt, '{"billingAgreementDetails":{"billingAgreementStatus":"OPEN"}}')).toEqual({
        kind: 'send',
        answer: { name: 'Setup', payload: { billingAgreementDetails: { billingAgreementStatus: 'OPEN' } } },
        notes: [],
      });
      expect(resolveAmazonAnswer(prompt, '{"status":{"code":"400","message":"InvalidParameterValue"}}')).toEqual({
        kind: 'send',
        answer: { name: 'Setup', payload: {}, status: { code: '400', message: 'InvalidParameterValue' } },
        notes: [],
      });
      expect(resolveAmazonAnswer(prompt, 'not json').kind).toBe('invalid');
      expect(resolveAmazonAnswer(prompt, 'skip')).toEqual({ kind: 'skip' });
    } finally {
      await products.close();
    }
  });
});
