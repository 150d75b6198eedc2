/**
 * Smoke test of the dialog driver against the built skill (run `npm run build` first), and of its purchase plumbing
 * against a small fake bundle.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AMAZON_PAY_SCOPE,
  DialogDriver,
  NoSessionError,
  SkillInvocationError,
} from '../../../tools/simulator/dialog-driver';
import { AmazonPayApiStandIn } from '../../../tools/stand-ins/amazon-pay-api';
import { amazonPayError, setupApproved } from '../../../tools/stand-ins/amazon-pay-responses';
import { InSkillProductsApi } from '../../../tools/stand-ins/in-skill-products-api';
import { FAKE_PRODUCTS, type FakeSkill, writeFakePaySkill, writeFakeSkill } from './fake-skill';

describe('the dialog driver with the built skill', () => {
  let driver: DialogDriver;

  beforeAll(async () => {
    driver = await DialogDriver.start({ userId: 'amzn1.ask.account.smoke' });
  });

  afterAll(() => driver.stop());

  it('launches, helps, and stops like a device', async () => {
    const launch = await driver.say('open green horizons');
    expect(launch.speech).toContain('Welcome');
    expect(launch.ssml).toMatch(/^<speak>/);
    expect(launch.sessionOpen).toBe(true);
    expect(launch.request.session?.new).toBe(true);

    const help = await driver.say('help');
    expect(help.reprompt).toEqual(expect.any(String));
    expect(help.request.request).toMatchObject({ type: 'IntentRequest', intent: { name: 'AMAZON.HelpIntent' } });
    expect(help.request.session?.new).toBe(false);

    const stop = await driver.say('stop');
    expect(stop.sessionOpen).toBe(false);
    expect(driver.sessionOpen).toBe(false);
  });

  it('points the skill at the stand-in with the customer token', async () => {
    const turn = await driver.launch();
    expect(turn.request.context.System.apiEndpoint).toBe(driver.products.url);
    expect(turn.request.context.System.apiAccessToken).toMatch(/^green-horizons-stand-in\./);
    expect(turn.request.context.System.user.userId).toBe('amzn1.ask.account.smoke');
    expect(turn.request.context.System.application.applicationId).toBe(driver.skillId);
  });

  it('sends permission scopes only once the customer has answered them', async () => {
    expect((await driver.launch()).request.context.System.user.permissions).toBeUndefined();
    driver.setPermission('payments:autopay_consent', 'GRANTED');
    const granted = await driver.launch();
    expect(granted.request.context.System.user.permissions?.scopes).toEqual({
      'payments:autopay_consent': { status: 'GRANTED' },
    });
    expect(granted.request.session?.user.permissions?.scopes).toBeDefined();
    driver.setPermission('payments:autopay_consent', undefined);
    expect((await driver.launch()).request.context.System.user.permissions).toBeUndefined();
  });

  it('greets a returning customer, per customer', async () => {
    await driver.switchUser('amzn1.ask.account.returning');
    expect((await driver.launch()).speech).toContain('Welcome to Green Horizons');
    await driver.endSession();
    const again = await driver.say('launch green horizons');
    expect(again.speech).not.toContain('Welcome to Green Horizons');
  });

  it('reads one-shot requests and unmatched speech as Alexa would', async () => {
    const oneShot = await driver.say('ask green horizons for help');
    expect(oneShot.request.session?.new).toBe(true);
    expect(oneShot.request.request).toMatchObject({ intent: { name: 'AMAZON.HelpIntent' } });
    // virtual-alexa alone would launch for any phrase containing "tell"; built-in intents the model declares are
    // understood by their usual phrases.
    expect((await driver.say('what can I tell you')).request.request).toMatchObject({
      intent: { name: 'AMAZON.FallbackIntent' },
    });
    expect((await driver.say('repeat that')).request.request).toMatchObject({
      intent: { name: 'AMAZON.RepeatIntent' },
    });
  });

  it('refuses speech with no session open, and ends sessions on "exit"', async () => {
    await driver.launch();
    const exit = await driver.say('exit');
    expect(exit.request.request).toMatchObject({ type: 'SessionEndedRequest', reason: 'USER_INITIATED' });
    expect(exit.sessionOpen).toBe(false);
    await expect(driver.say('help')).rejects.toBeInstanceOf(NoSessionError);
    expect(await driver.endSession()).toBeUndefined();
  });

  it('sends a raw Connections.Response in a new session', async () => {
    await driver.launch();
    const turn = await driver.send({
      type: 'Connections.Response',
      name: 'Buy',
      status: { code: '200', message: 'OK' },
      payload: { purchaseResult: 'DECLINED', productId: 'amzn1.adg.product.none' },
      token: 'resume:nothing',
    });
    expect(turn.request.session?.new).toBe(true);
    expect(turn.request.request).toMatchObject({ type: 'Connections.Response', name: 'Buy', token: 'resume:nothing' });
    expect(turn.request.request.requestId).toEqual(expect.any(String));
    expect(turn.response.version).toBe('1.0');
  });

  it('sends events outside any session', async () => {
    const turn = await driver.send({
      type: 'AlexaSkillEvent.SkillDisabled',
      body: { userInformationPersistenceStatus: 'NOT_PERSISTED' },
    });
    expect(turn.request.session).toBeUndefined();
    expect(turn.speech).toBe('');
  });

  it('captures the skill logs instead of printing them', async () => {
    const turn = await driver.launch();
    expect(turn.logs).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'Request handled',
        fields: expect.objectContaining({ requestType: 'LaunchRequest' }),
      }),
    );
  });

  it('reports a request the skill refuses (another skill ID) as a SkillInvocationError', async () => {
    const refused = driver.send(
      { type: 'LaunchRequest' },
      {
        editEnvelope: (envelope) => {
          const request = envelope as { context: { System: { application: { applicationId: string } } } };
          request.context.System.application.applicationId = 'amzn1.ask.skill.someone-else';
        },
      },
    );
    await expect(refused).rejects.toBeInstanceOf(SkillInvocationError);
    await refused.catch((error: SkillInvocationError) => {
      expect(error.logs).toContainEqual(expect.objectContaining({ level: 'ERROR', message: 'Request rejected' }));
    });
  });
});

describe('requests that never reach the skill', () => {
  it("rejects an intent the model lacks with virtual-alexa's own error", async () => {
    const driver = await DialogDriver.start();
    try {
      await expect(driver.intent('NoSuchIntent')).rejects.toThrow(/no intentName named: NoSuchIntent/);
      await expect(driver.answerConnection({ payload: {} })).rejects.toThrow(/needs a name/);
    } finally {
      await driver.stop();
    }
  });
});

describe('driver settings', () => {
  it('builds the skill afresh for each driver, with its own settings, and leaves the environment alone', async () => {
    const before = process.env.LOG_LEVEL;
    const quiet = await DialogDriver.start({ logLevel: 'ERROR' });
    try {
      expect((await quiet.launch()).logs).toEqual([]);
    } finally {
      await quiet.stop();
    }
    const chatty = await DialogDriver.start({ logLevel: 'DEBUG' });
    try {
      expect((await chatty.launch()).logs.length).toBeGreaterThan(0);
    } finally {
      await chatty.stop();
    }
    expect(process.env.LOG_LEVEL).toBe(before);
  });
});

describe('purchases through the driver (fake skill)', () => {
  let fake: FakeSkill;
  let products: InSkillProductsApi;
  let driver: DialogDriver;

  beforeAll(async () => {
    fake = writeFakeSkill();
    products = await InSkillProductsApi.start({ definitions: FAKE_PRODUCTS });
    driver = await DialogDriver.start({ bundlePath: fake.bundlePath, products, userId: 'buyer' });
  });

  afterAll(async () => {
    await driver.stop();
    await products.close();
    fake.remove();
  });

  it('ends the session at a Connections.SendRequest and answers it in a new one', async () => {
    await driver.launch();
    const buy = await driver.say('help');
    expect(buy.sessionOpen).toBe(false);
    expect(driver.lastDirective).toMatchObject({ type: 'Connections.SendRequest', name: 'Buy', token: 'resume:help' });
    expect(driver.pendingConnection).toBe(driver.lastDirective);
    expect(products.requests.at(-1)).toMatchObject({ userId: 'buyer', acceptLanguage: 'en-US', status: 200 });

    products.purchase('buyer', 'green_plus');
    const answered = await driver.answerConnection({
      payload: { purchaseResult: 'ACCEPTED', productId: products.view('buyer', 'green_plus').productId },
    });
    expect(answered.request.session?.new).toBe(true);
    expect(answered.request.request).toMatchObject({ status: { code: '200', message: 'OK' } });
    expect(answered.speech).toBe('Buy ACCEPTED for resume:help. You own Green Plus times 1.');
    expect(answered.sessionOpen).toBe(true);
    expect(driver.pendingConnection).toBeUndefined();
  });

  it('uses the token and status given', async () => {
    const answered = await driver.answerConnection({
      name: 'Cancel',
      token: 'resume:cancel',
      status: { code: 500, message: 'Internal Server Error' },
      payload: { purchaseResult: 'ERROR' },
    });
    expect(answered.request.request).toMatchObject({ name: 'Cancel', token: 'resume:cancel', status: { code: '500' } });
  });

  it('keeps the environment the skill loaded with', async () => {
    expect((await driver.launch()).speech).toBe('Fake skill, log level INFO, new session true.');
  });
});

describe('Amazon Pay through the driver (fake skill)', () => {
  let fake: FakeSkill;

  beforeAll(() => {
    fake = writeFakePaySkill();
  });

  afterAll(() => fake.remove());

  /** Posts one authorization to the stand-in as the monthly job would; returns the error code or the state. */
  async function authorize(api: AmazonPayApiStandIn, billingAgreementId: string, reference: string): Promise<string> {
    const answer = await fetch(`${api.url}/AuthorizeOnBillingAgreement`, {
      method: 'POST',
      body: JSON.stringify({
        SellerId: 'A2SANDBOXSELLER01',
        AmazonBillingAgreementId: billingAgreementId,
        AuthorizationReferenceId: reference,
        AuthorizationAmount: { Amount: '1.00', CurrencyCode: 'USD' },
        CaptureNow: true,
      }),
    });
    const body = (await answer.json()) as {
      Error?: { Code: string };
      AuthorizeOnBillingAgreementResult?: { AuthorizationDetails: { AuthorizationStatus: { State: string } } };
    };
    return (
      body.Error?.Code ?? body.AuthorizeOnBillingAgreementResult?.AuthorizationDetails.AuthorizationStatus.State ?? ''
    );
  }

  it('gives the skill a sandbox seller and the API stand-in by default, and grants no permission', async () => {
    const driver = await DialogDriver.start({ bundlePath: fake.bundlePath });
    try {
      expect(process.env.AMAZON_PAY_API_URL).toBe(driver.amazonPayApi.url);
      const launch = await driver.launch();
      expect(launch.speech).toBe('Pay fake, seller A2SANDBOXSELLER01, sandbox sandbox-buyer@example.com, api set.');
      expect(launch.request.context.System.user.permissions).toBeUndefined();
      expect(driver.permission(AMAZON_PAY_SCOPE)).toBeUndefined();
    } finally {
      await driver.stop();
    }
    expect(process.env.AMAZON_PAY_API_URL).toBeUndefined();
  });

  it('turns offsets off, or overrides one variable', async () => {
    const off = await DialogDriver.start({ bundlePath: fake.bundlePath, offsets: false });
    try {
      expect((await off.launch()).speech).toBe('Pay fake, seller none, sandbox none, api none.');
    } finally {
      await off.stop();
    }
    const live = await DialogDriver.start({
      bundlePath: fake.bundlePath,
      env: { AMAZON_PAY_SANDBOX_CUSTOMER_EMAIL: undefined, AMAZON_PAY_SELLER_ID: 'A2OTHERSELLER' },
    });
    try {
      expect((await live.launch()).speech).toBe('Pay fake, seller A2OTHERSELLER, sandbox none, api set.');
    } finally {
      await live.stop();
    }
  });

  it('opens the agreements Setup answers give out on the stand-in, and runs the monthly job against it', async () => {
    const driver = await DialogDriver.start({ bundlePath: fake.bundlePath });
    try {
      await driver.say('ask green horizons for help');
      const approved = await driver.answerConnection(setupApproved({ billingAgreementId: 'C01-0000000-0000007' }));
      expect(approved.speech).toBe('Setup 200 OPEN C01-0000000-0000007.');
      expect(driver.billingAgreements.get('C01-0000000-0000007')).toBe('OPEN');

      const summary = await driver.runMonthlyJob();
      expect(summary).toEqual({
        month: expect.stringMatching(/^\d{4}-\d\d$/),
        plans: { 'C01-0000000-0000007': 'charged' },
        fulfilmentRetries: { fulfilled: 0, pending: 0 },
      });
      expect(driver.amazonPayApi.captures).toEqual([
        expect.objectContaining({ billingAgreementId: 'C01-0000000-0000007', state: 'Closed' }),
      ]);
      expect(driver.jobLogs).toEqual([expect.objectContaining({ message: 'fake monthly job' })]);

      await driver.answerConnection(setupApproved({ billingAgreementId: 'C01-SUSPENDED', status: 'SUSPENDED' }));
      expect(await authorize(driver.amazonPayApi, 'C01-SUSPENDED', 'ref-suspended')).toBe(
        'InvalidBillingAgreementStatus',
      );
      expect(await authorize(driver.amazonPayApi, 'C01-NEVER', 'ref-never')).toBe('InvalidBillingAgreementId');
      await driver.answerConnection(amazonPayError('ServiceUnavailable', { name: 'Setup' }));
      expect(driver.billingAgreements.size).toBe(2);
    } finally {
      await driver.stop();
    }
  });

  it('uses a stand-in it is given, and can leave its agreements alone', async () => {
    const api = await AmazonPayApiStandIn.start();
    const driver = await DialogDriver.start({
      bundlePath: fake.bundlePath,
      amazonPayApi: api,
      syncBillingAgreements: false,
    });
    try {
      expect(driver.amazonPayApi).toBe(api);
      await driver.say('ask green horizons for help');
      await driver.answerConnection(setupApproved({ billingAgreementId: 'C01-UNSYNCED' }));
      expect(driver.billingAgreements.get('C01-UNSYNCED')).toBe('OPEN');
      expect(await authorize(api, 'C01-UNSYNCED', 'ref-unsynced')).toBe('InvalidBillingAgreementId');
    } finally {
      await driver.stop();
    }
    expect(await authorize(api, 'C01-UNSYNCED', 'ref-after')).toBe('InvalidBillingAgreementId');
    await api.close();
  });

  it('says clearly when the bundle has no monthly job', async () => {
    const plain = writeFakeSkill();
    const driver = await DialogDriver.start({ bundlePath: plain.bundlePath });
    try {
      expect(driver.hasMonthlyJob).toBe(false);
      await expect(driver.runMonthlyJob()).rejects.toThrow(`${plain.bundlePath} does not export monthlyChargesHandler`);
    } finally {
      await driver.stop();
      plain.remove();
    }
  });
});

describe('slots through the interaction model', () => {
  const model = {
    interactionModel: {
      languageModel: {
        invocationName: 'green horizons',
        intents: [
          { name: 'AMAZON.FallbackIntent', samples: [] },
          {
            name: 'DriveIntent',
            slots: [
              { name: 'distance', type: 'AMAZON.NUMBER' },
              { name: 'unit', type: 'DistanceUnit' },
            ],
            samples: ['a {distance} {unit} drive'],
          },
        ],
        types: [{ name: 'DistanceUnit', values: [{ id: 'MILE', name: { value: 'mile', synonyms: ['miles'] } }] }],
      },
    },
  };
  let folder: string;
  let driver: DialogDriver;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'model-'));
    const interactionModelPath = join(folder, 'en-US.json');
    writeFileSync(interactionModelPath, JSON.stringify(model));
    driver = await DialogDriver.start({ interactionModelPath });
  });

  afterAll(async () => {
    await driver.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('sends digits for numbers and entity resolution for custom types', async () => {
    const turn = await driver.say('ask green horizons about a hundred miles drive');
    const slots = (turn.request.request as { intent?: { slots?: Record<string, unknown> } }).intent?.slots;
    expect(slots?.distance).toMatchObject({ name: 'distance', value: '100' });
    expect(slots?.unit).toMatchObject({
      value: 'miles',
      resolutions: {
        resolutionsPerAuthority: [
          expect.objectContaining({
            status: { code: 'ER_SUCCESS_MATCH' },
            values: [{ value: { id: 'MILE', name: 'mile' } }],
          }),
        ],
      },
    });
  });

  it('does not carry slot values over to the next turn', async () => {
    await driver.say('ask green horizons about a 5 mile drive');
    const turn = await driver.intent('DriveIntent');
    const slots = (turn.request.request as { intent?: { slots?: Record<string, { value?: string }> } }).intent?.slots;
    expect(slots?.distance?.value).toBeUndefined();
  });
});
