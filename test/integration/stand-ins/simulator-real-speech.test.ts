/**
 * The simulator behaves as Alexa does (issue 9, item 8): after Dialog.ElicitSlot a bare answer fills that slot, any
 * locale of the model can be played, a purchase hand-off left unanswered in a script does not fail the lines after
 * it, a script run ends with a summary, and Amazon's side speaks to a customer as what they own warrants.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DialogDriver } from '../../../tools/simulator/dialog-driver';
import type { LineSource } from '../../../tools/simulator/line-source';
import { amazonPromptFor } from '../../../tools/simulator/purchases-side';
import { plainStyle } from '../../../tools/simulator/render';
import { Simulator } from '../../../tools/simulator/simulator';
import { InSkillProductsApi } from '../../../tools/stand-ins/in-skill-products-api';
import { findProjectRoot } from '../../../tools/stand-ins/project-root';

const SCRIPT: LineSource = { echo: true, next: async () => undefined, close: () => undefined };

describe('a bare answer to the question the skill asked', () => {
  let driver: DialogDriver;

  beforeAll(async () => {
    driver = await DialogDriver.start({ userId: 'amzn1.ask.account.BAREANSWER', logLevel: 'ERROR' });
  });

  afterAll(async () => {
    await driver.stop();
  });

  it("fills the slot asked for through the slot's own samples, and Alexa keeps the intent's other slots", async () => {
    await driver.launch();
    await driver.say('a flight from seattle');
    // The skill keeps the airport it resolved, by its code, in the intent it elicits with.
    expect(driver.elicitation).toEqual({ intent: 'EstimateFlightIntent', slot: 'to', slots: { from: 'SEA' } });

    const answer = await driver.say('boston');

    const intent = (answer.request.request as { intent?: { name: string; slots: Record<string, { value?: string }> } })
      .intent;
    expect(intent?.name).toBe('EstimateFlightIntent');
    expect([intent?.slots.from?.value, intent?.slots.to?.value]).toEqual(['SEA', 'boston']);
    expect(driver.elicitation).toBeUndefined();
  });

  it('still hears another intent while a slot is asked for ("help"), and keeps nothing for it', async () => {
    await driver.launch();
    await driver.say('a train trip');

    const help = await driver.say('help');

    expect((help.request.request as { intent?: { name: string } }).intent?.name).toBe('AMAZON.HelpIntent');
  });
});

describe('a script run', () => {
  it('goes on after a purchase hand-off left unanswered: the next line reaches the skill in a new session', async () => {
    const driver = await DialogDriver.start({
      userId: 'amzn1.ask.account.UNANSWERED',
      permissions: { 'payments:autopay_consent': 'GRANTED' },
      logLevel: 'ERROR',
    });
    try {
      const printed: string[] = [];
      const simulator = new Simulator(driver, (text) => printed.push(text), plainStyle, SCRIPT, 'tester');
      for (const line of ['open green horizons', 'a 50 mile drive', 'offset it', 'where is my order', 'stop']) {
        await simulator.handle(line);
      }

      const output = printed.join('\n');
      expect(output).toContain("Amazon's question was left unanswered");
      expect(output).toContain('is waiting for your yes');
      expect(simulator.failures).toBe(0);
      expect(simulator.summary()).toBe('Script done: 5 turns, 1 hand-off to Amazon (1 unanswered), 0 failures.');
    } finally {
      await driver.stop();
    }
  });

  it('plays any locale of the model (npm start -- --locale en-GB) and ends with a summary', async () => {
    const root = findProjectRoot();
    const simulator = join(root, '.build/simulator.js');
    if (!existsSync(simulator)) throw new Error(`${simulator} is missing: run npm run build first`);
    const folder = mkdtempSync(join(tmpdir(), 'simulator-script-'));
    try {
      const script = join(folder, 'en-gb.txt');
      writeFileSync(script, ['open green horizons', '80 kilometres', 'train', 'stop'].join('\n'));
      const run = promisify(execFile);

      const { stdout } = await run(process.execPath, [simulator, '--locale', 'en-GB', '--script', script], {
        cwd: root,
        env: { ...process.env, NO_COLOR: '1' },
      });

      expect(stdout).toContain('· en-GB ·');
      expect(stdout).toMatch(/An 80 kilometre train trip/);
      expect(stdout).toMatch(/Script done: 4 turns, 0 failures\.\s*$/);
      await expect(run(process.execPath, [simulator, '--locale', 'fr-FR'], { cwd: root })).rejects.toMatchObject({
        stderr: expect.stringContaining('--locale must be one the model has: en-GB, en-US'),
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("Amazon's side of a cancel", () => {
  let products: InSkillProductsApi;

  beforeAll(async () => {
    products = await InSkillProductsApi.start();
  });

  afterAll(async () => {
    await products.close();
  });

  const cancel = (referenceName: string) => ({
    type: 'Connections.SendRequest' as const,
    name: 'Cancel',
    payload: { InSkillProduct: { productId: products.view('anyone', referenceName).productId } },
    token: `Cancel:${referenceName}:none`,
  });

  it('tells a customer without the subscription that there is nothing to cancel, and answers NOT_ENTITLED', () => {
    const prompt = amazonPromptFor(cancel('green_horizons_plus'), { products, userId: 'no-plus', locale: 'en-US' });

    expect(prompt.lines).toEqual([
      "You don't have a subscription to Green Horizons Plus, so there's nothing to cancel.",
    ]);
    expect(prompt.choices[0]?.apply().answer.payload).toMatchObject({ purchaseResult: 'NOT_ENTITLED' });
  });

  it('asks a subscriber whether to cancel', () => {
    products.purchase('subscriber', 'green_horizons_plus');
    const prompt = amazonPromptFor(cancel('green_horizons_plus'), { products, userId: 'subscriber', locale: 'en-US' });

    expect(prompt.lines).toEqual([
      "You're subscribed to Green Horizons Plus. Do you want to cancel your subscription?",
    ]);
  });
});
