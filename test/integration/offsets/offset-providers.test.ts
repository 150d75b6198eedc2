import {
  createClearingHouseProvider,
  worstCaseMs,
} from '../../../lambda/src/features/offsets/adapters/clearing-house-offset-provider';
import { createLedgerOffsetProvider } from '../../../lambda/src/features/offsets/adapters/ledger-offset-provider';
import { OffsetProviderError } from '../../../lambda/src/features/offsets/ports';
import { ClearingHouse } from '../../../tools/stand-ins/clearing-house';
import { type LocalDynamo, startDynalite } from '../../support/dynalite';
import { T0 } from '../../unit/offsets/fixtures';

const API_KEY = 'ch_test_secret_key';
let house: ClearingHouse;
let dynamo: LocalDynamo;
const noWait = async () => {};

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 3000) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  [house, dynamo] = await Promise.all([ClearingHouse.start({ apiKey: API_KEY }), startDynalite()]);
  await dynamo.createTable('ledger');
});

afterEach(() => house.reset());

afterAll(async () => {
  await Promise.all([house.close(), dynamo.stop()]);
});

const provider = (options: { timeoutMs?: number; maxAttempts?: number; apiKey?: string } = {}) =>
  createClearingHouseProvider({ baseUrl: house.url, apiKey: API_KEY, backoffMs: 10, sleep: noWait, ...options });

describe('the HTTP clearing-house provider', () => {
  it('orders whole kilograms with our order ID as the Idempotency-Key and returns the certificate', async () => {
    const retirement = await provider().retire({ orderId: 'o0123456789abcdef01234567', kilograms: 1235 });

    expect(retirement).toEqual({ certificateId: 'CH-CERT-000001', providerReference: 'ord_000001' });
    expect(house.orders).toMatchObject([{ idempotencyKey: 'o0123456789abcdef01234567', amountKg: 1235 }]);
    expect(house.requests[0]).toMatchObject({ method: 'POST', path: '/v1/orders', authorization: `Bearer ${API_KEY}` });
  });

  it('retries 5xx answers with the same key: one order', async () => {
    house.setBehaviour({ kind: 'fail', times: 2, status: 503 });

    const retirement = await provider({ maxAttempts: 3 }).retire({ orderId: 'oretry0000000000000001', kilograms: 5 });

    expect(retirement.certificateId).toBe('CH-CERT-000001');
    expect(house.requests.map((request) => [request.status, request.idempotencyKey])).toEqual([
      [503, 'oretry0000000000000001'],
      [503, 'oretry0000000000000001'],
      [201, 'oretry0000000000000001'],
    ]);
    expect(house.orders).toHaveLength(1);
  });

  it('after a lost answer, the retry gets 409 and looks the first order up: still one order', async () => {
    house.setBehaviour({ kind: 'commit-then-fail', times: 1, status: 502 });

    const retirement = await provider().retire({ orderId: 'olost00000000000000001', kilograms: 5 });

    expect(retirement).toEqual({ certificateId: 'CH-CERT-000001', providerReference: 'ord_000001' });
    expect(house.requests.map((request) => `${request.method} ${request.status}`)).toEqual([
      'POST 502',
      'POST 409',
      'GET 200',
    ]);
    expect(house.orders).toHaveLength(1);
  });

  it('gives up on a slow answer after its timeout and retries with the same key: one order, whichever lands first', async () => {
    house.setBehaviour({ kind: 'slow', delayMs: 400, times: 1 });
    const started = Date.now();

    const retirement = await provider({ timeoutMs: 150, maxAttempts: 3 }).retire({
      orderId: 'oslow00000000000000001',
      kilograms: 7,
    });
    const elapsed = Date.now() - started;
    await until(() => house.requests.length === 2); // the slow request, still running on the server, lands too

    expect(retirement.providerReference).toBe('ord_000001');
    expect(elapsed).toBeLessThan(400);
    expect(house.requests.map((request) => request.status)).toEqual([201, 409]);
    expect(house.orders).toHaveLength(1);
  });

  it('stops after maxAttempts with a retryable error', async () => {
    house.setBehaviour({ kind: 'fail', times: 5, status: 500 });

    const error = await provider({ maxAttempts: 2 })
      .retire({ orderId: 'odown00000000000000001', kilograms: 1 })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(OffsetProviderError);
    expect(error).toMatchObject({ retryable: true });
    expect(house.requests).toHaveLength(2);
  });

  it('does not retry a refusal, and never puts the API key into the error', async () => {
    const error = await provider({ apiKey: 'wrong_secret_key' })
      .retire({ orderId: 'orefused000000000000001', kilograms: 1 })
      .catch((e: unknown) => e);
    const unreachable = await createClearingHouseProvider({
      baseUrl: 'http://127.0.0.1:9',
      apiKey: API_KEY,
      maxAttempts: 1,
    })
      .retire({ orderId: 'onowhere000000000000001', kilograms: 1 })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ retryable: false, message: 'The clearing house answered HTTP 401' });
    expect(house.requests).toHaveLength(1);
    for (const failure of [error, unreachable]) {
      expect(JSON.stringify(failure, Object.getOwnPropertyNames(failure))).not.toMatch(/secret_key/);
    }
    expect(unreachable).toMatchObject({ retryable: true });
  });

  it('refuses a different amount under a key already used', async () => {
    await provider().retire({ orderId: 'oreused0000000000000001', kilograms: 3 });

    await expect(provider().retire({ orderId: 'oreused0000000000000001', kilograms: 4 })).rejects.toMatchObject({
      retryable: false,
    });
  });

  it('fits its default worst case well inside an Alexa request', () => {
    expect(worstCaseMs({})).toBe(3200);
    expect(worstCaseMs({ timeoutMs: 5000, maxAttempts: 4, backoffMs: 500 })).toBe(23_500);
  });
});

describe('the embedded ledger provider', () => {
  const ledger = () =>
    createLedgerOffsetProvider({
      client: dynamo.client,
      tableName: 'ledger',
      clock: () => T0,
      randomSuffix: () => 'ab12cd34',
    });

  it('records the retirement and issues a certificate ID; a repeat returns the same certificate', async () => {
    const first = await ledger().retire({ orderId: 'oledger0000000000000001', kilograms: 12 });
    const again = await createLedgerOffsetProvider({
      client: dynamo.client,
      tableName: 'ledger',
      clock: () => T0,
      randomSuffix: () => 'ffffffff',
    }).retire({ orderId: 'oledger0000000000000001', kilograms: 12 });

    expect(first).toEqual({
      certificateId: 'GH-20250310-AB12CD34',
      providerReference: 'retirement#oledger0000000000000001',
    });
    expect(again).toEqual(first);
  });

  it('refuses the same order with another amount, and anything but whole kilograms', async () => {
    await ledger().retire({ orderId: 'oledger0000000000000002', kilograms: 12 });

    await expect(ledger().retire({ orderId: 'oledger0000000000000002', kilograms: 13 })).rejects.toMatchObject({
      retryable: false,
    });
    await expect(ledger().retire({ orderId: 'oledger0000000000000003', kilograms: 0 })).rejects.toBeInstanceOf(
      OffsetProviderError,
    );
  });
});
