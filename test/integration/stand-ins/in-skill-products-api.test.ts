import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { services } from 'ask-sdk-model';
import { ApiTimeoutError, TimeoutApiClient } from '../../../lambda/src/shared/timeout-api-client';
import {
  InSkillProductsApi,
  productIdFor,
  tokenFor,
  userIdFromToken,
} from '../../../tools/stand-ins/in-skill-products-api';

const PATH = '/v1/users/~current/skills/~current';

function ispFile(
  type: string,
  referenceName: string,
  names: Record<string, string>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const locales = Object.fromEntries(
    Object.entries(names).map(([locale, name]) => [locale, { name, summary: `${name} summary` }]),
  );
  return {
    version: '1.0',
    type,
    referenceName,
    purchasableState: 'PURCHASABLE',
    publishingInformation: {
      locales,
      pricing: { 'amazon.com': { defaultPriceListing: { price: 1.99, currency: 'USD' } } },
    },
    ...extra,
  };
}

const DEFINITIONS = [
  ispFile(
    'SUBSCRIPTION',
    'green_plus',
    { 'en-US': 'Green Plus', 'de-DE': 'Grün Plus' },
    { subscriptionInformation: { subscriptionPaymentFrequency: 'MONTHLY', subscriptionTrialPeriodDays: 7 } },
  ),
  ispFile('ENTITLEMENT', 'travel_pack', { 'en-US': 'Travel Pack' }),
  ispFile('CONSUMABLE', 'offset_credit', { 'en-US': 'Offset Credit' }),
  ispFile('ENTITLEMENT', 'retired_pack', { 'en-US': 'Retired Pack' }, { purchasableState: 'NOT_PURCHASABLE' }),
];

interface Answer {
  status: number;
  body: unknown;
}

interface ProductJson {
  productId: string;
  referenceName: string;
  type: string;
  name: string;
  summary: string;
  entitled: string;
  entitlementReason: string;
  purchasable: string;
  activeEntitlementCount: number;
  purchaseMode: string;
}

interface ListJson {
  inSkillProducts: ProductJson[];
  isTruncated: boolean;
  nextToken: string | null;
}

let api: InSkillProductsApi;

async function get(path: string, userId?: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${api.url}${path}`, {
    headers: { ...(userId ? { authorization: `Bearer ${tokenFor(userId)}` } : {}), ...headers },
  });
  return { status: response.status, body: await response.json() };
}

async function list(userId: string, query = '', headers: Record<string, string> = {}): Promise<ListJson> {
  const answer = await get(`${PATH}/inSkillProducts${query}`, userId, headers);
  expect(answer.status).toBe(200);
  return answer.body as ListJson;
}

function byName(products: ListJson, referenceName: string): ProductJson {
  const product = products.inSkillProducts.find((p) => p.referenceName === referenceName);
  if (!product) throw new Error(`${referenceName} not listed`);
  return product;
}

beforeAll(async () => {
  api = await InSkillProductsApi.start({ definitions: DEFINITIONS });
});

afterEach(() => api.reset());

afterAll(() => api.close());

describe('tokens and product IDs', () => {
  it('round-trips a customer through the token', () => {
    expect(userIdFromToken(tokenFor('amzn1.ask.account.ALICE'))).toBe('amzn1.ask.account.ALICE');
    expect(userIdFromToken('someone-elses-token')).toBeUndefined();
  });

  it('gives each reference name a stable, UUID-shaped product ID', () => {
    expect(productIdFor('green_plus')).toBe(productIdFor('green_plus'));
    expect(productIdFor('green_plus')).not.toBe(productIdFor('travel_pack'));
    expect(productIdFor('green_plus')).toMatch(
      /^amzn1\.adg\.product\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });
});

describe('authorization', () => {
  it('answers 401 without a bearer token', async () => {
    expect((await get(`${PATH}/inSkillProducts`)).status).toBe(401);
  });

  it('answers 401 for a token it did not make', async () => {
    const answer = await get(`${PATH}/inSkillProducts`, undefined, { authorization: 'Bearer forged' });
    expect(answer.status).toBe(401);
  });
});

describe('GET inSkillProducts', () => {
  it('lists every product, unowned, in test mode', async () => {
    const products = await list('alice');
    expect(products.isTruncated).toBe(false);
    expect(products.nextToken).toBeNull();
    expect(products.inSkillProducts.map((p) => p.referenceName)).toEqual([
      'green_plus',
      'travel_pack',
      'offset_credit',
      'retired_pack',
    ]);
    expect(byName(products, 'green_plus')).toEqual({
      productId: productIdFor('green_plus'),
      referenceName: 'green_plus',
      type: 'SUBSCRIPTION',
      name: 'Green Plus',
      summary: 'Green Plus summary',
      entitled: 'NOT_ENTITLED',
      entitlementReason: 'NOT_PURCHASED',
      purchasable: 'PURCHASABLE',
      activeEntitlementCount: 0,
      purchaseMode: 'TEST',
    });
    expect(byName(products, 'retired_pack').purchasable).toBe('NOT_PURCHASABLE');
  });

  it("names products in the request's language, falling back to en-US", async () => {
    const german = await list('alice', '', { 'accept-language': 'de-DE' });
    expect(byName(german, 'green_plus').name).toBe('Grün Plus');
    expect(byName(german, 'travel_pack').name).toBe('Travel Pack');
    const french = await list('alice', '', { 'accept-language': 'fr-FR,fr;q=0.9' });
    expect(byName(french, 'green_plus').name).toBe('Green Plus');
  });

  it('filters by type, entitlement and purchasability', async () => {
    api.purchase('alice', 'travel_pack');
    const names = async (query: string) => (await list('alice', query)).inSkillProducts.map((p) => p.referenceName);
    expect(await names('?productType=CONSUMABLE')).toEqual(['offset_credit']);
    expect(await names('?entitled=ENTITLED')).toEqual(['travel_pack']);
    expect(await names('?purchasable=NOT_PURCHASABLE')).toEqual(['travel_pack', 'retired_pack']);
    expect(await names('?purchasable=PURCHASABLE&productType=SUBSCRIPTION')).toEqual(['green_plus']);
  });

  it('rejects filter values the API does not know', async () => {
    expect((await get(`${PATH}/inSkillProducts?productType=BUNDLE`, 'alice')).status).toBe(400);
    expect((await get(`${PATH}/inSkillProducts?entitled=YES`, 'alice')).status).toBe(400);
  });

  it('pages with maxResults and nextToken', async () => {
    const seen: string[] = [];
    let query = '?maxResults=3';
    for (let page = 0; page < 5; page += 1) {
      const products = await list('alice', query);
      seen.push(...products.inSkillProducts.map((p) => p.referenceName));
      if (!products.isTruncated) break;
      expect(products.nextToken).toEqual(expect.any(String));
      query = `?maxResults=3&nextToken=${encodeURIComponent(products.nextToken ?? '')}`;
    }
    expect(seen).toEqual(['green_plus', 'travel_pack', 'offset_credit', 'retired_pack']);
  });

  it('rejects a bad maxResults or nextToken', async () => {
    expect((await get(`${PATH}/inSkillProducts?maxResults=0`, 'alice')).status).toBe(400);
    expect((await get(`${PATH}/inSkillProducts?maxResults=101`, 'alice')).status).toBe(400);
    expect((await get(`${PATH}/inSkillProducts?nextToken=nonsense`, 'alice')).status).toBe(400);
  });
});

describe('GET one product and the voice purchasing setting', () => {
  it('answers one product by ID, 404 for an unknown ID', async () => {
    api.purchase('alice', 'offset_credit');
    const answer = await get(`${PATH}/inSkillProducts/${encodeURIComponent(productIdFor('offset_credit'))}`, 'alice');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ referenceName: 'offset_credit', activeEntitlementCount: 1 });
    expect((await get(`${PATH}/inSkillProducts/amzn1.adg.product.unknown`, 'alice')).status).toBe(404);
  });

  it('says voice purchasing is enabled unless told otherwise', async () => {
    expect(await get(`${PATH}/settings/voicePurchasing.enabled`, 'alice')).toEqual({ status: 200, body: true });
    api.setVoicePurchasing(false);
    expect(await get(`${PATH}/settings/voicePurchasing.enabled`, 'alice')).toEqual({ status: 200, body: false });
  });

  it('answers 404 for paths it does not serve', async () => {
    expect((await get('/v1/users/~current/skills/~current/inSkillProductsTransactions', 'alice')).status).toBe(404);
  });
});

describe('entitlements', () => {
  it('entitles a subscription once; it is then no longer purchasable', async () => {
    api.purchase('alice', 'green_plus');
    api.purchase('alice', 'green_plus');
    const product = byName(await list('alice'), 'green_plus');
    expect(product).toMatchObject({
      entitled: 'ENTITLED',
      entitlementReason: 'PURCHASED',
      purchasable: 'NOT_PURCHASABLE',
      activeEntitlementCount: 1,
    });
  });

  it('counts consumable purchases, which stay purchasable; cancel refunds one', async () => {
    api.purchase('alice', 'offset_credit');
    api.purchase('alice', 'offset_credit');
    expect(byName(await list('alice'), 'offset_credit')).toMatchObject({
      entitled: 'ENTITLED',
      purchasable: 'PURCHASABLE',
      activeEntitlementCount: 2,
    });
    expect(api.cancel('alice', 'offset_credit')?.activeEntitlementCount).toBe(1);
    expect(byName(await list('alice'), 'offset_credit').activeEntitlementCount).toBe(1);
  });

  it('cancels a subscription; cancelling what is not owned returns undefined', async () => {
    api.purchase('alice', 'green_plus');
    expect(api.cancel('alice', 'green_plus')?.activeEntitlementCount).toBe(0);
    expect(byName(await list('alice'), 'green_plus')).toMatchObject({
      entitled: 'NOT_ENTITLED',
      purchasable: 'PURCHASABLE',
    });
    expect(api.cancel('alice', 'green_plus')).toBeUndefined();
  });

  it('keeps each customer apart and lists what they own', async () => {
    api.purchase('alice', 'travel_pack');
    expect(api.entitlements('alice')).toEqual([
      {
        referenceName: 'travel_pack',
        productId: productIdFor('travel_pack'),
        type: 'ENTITLEMENT',
        activeEntitlementCount: 1,
      },
    ]);
    expect(api.entitlements('bob')).toEqual([]);
    expect(byName(await list('bob'), 'travel_pack').entitled).toBe('NOT_ENTITLED');
  });

  it('refuses reference names it does not know', () => {
    expect(() => api.purchase('alice', 'no_such_product')).toThrow(/Unknown in-skill product no_such_product/);
  });

  it('forgets everything on reset', async () => {
    api.purchase('alice', 'travel_pack');
    api.setBehaviour({ kind: 'fail', status: 500 });
    api.reset();
    expect(api.entitlements('alice')).toEqual([]);
    expect(api.requests).toEqual([]);
    expect((await get(`${PATH}/inSkillProducts`, 'alice')).status).toBe(200);
  });

  it('records what the skill asked for', async () => {
    await get(`${PATH}/inSkillProducts?entitled=ENTITLED`, 'alice', { 'accept-language': 'en-US' });
    expect(api.requests).toEqual([
      {
        method: 'GET',
        path: `${PATH}/inSkillProducts`,
        query: { entitled: 'ENTITLED' },
        userId: 'alice',
        acceptLanguage: 'en-US',
        status: 200,
      },
    ]);
  });
});

describe("through the skill's own client (ask-sdk MonetizationServiceClient on TimeoutApiClient)", () => {
  function client(userId: string, timeoutMs = 500): services.monetization.MonetizationServiceClient {
    return new services.monetization.MonetizationServiceClient({
      apiClient: new TimeoutApiClient(timeoutMs),
      apiEndpoint: api.url,
      authorizationValue: tokenFor(userId),
    });
  }

  it('lists, filters, fetches one product and reads the voice purchase setting', async () => {
    api.purchase('alice', 'offset_credit');
    const all = await client('alice').getInSkillProducts('en-US');
    expect(all.inSkillProducts?.map((p) => p.referenceName)).toEqual([
      'green_plus',
      'travel_pack',
      'offset_credit',
      'retired_pack',
    ]);
    const owned = await client('alice').getInSkillProducts('en-US', undefined, 'ENTITLED');
    expect(owned.inSkillProducts?.map((p) => p.activeEntitlementCount)).toEqual([1]);
    const one = await client('alice').getInSkillProduct('de-DE', productIdFor('green_plus'));
    expect(one.name).toBe('Grün Plus');
    expect(await client('alice').getVoicePurchaseSetting()).toBe(true);
    expect(api.requests[0]?.acceptLanguage).toBe('en-US');
  });

  it('surfaces a failing API as a ServiceError and a slow one as ApiTimeoutError', async () => {
    api.setBehaviour({ kind: 'fail', status: 500 });
    await expect(client('alice').getInSkillProducts('en-US')).rejects.toMatchObject({ statusCode: 500 });
    api.setBehaviour({ kind: 'slow', delayMs: 2000 });
    await expect(client('alice', 100).getInSkillProducts('en-US')).rejects.toBeInstanceOf(ApiTimeoutError);
  });
});

describe('failure modes', () => {
  it('answers every request with the status it was told to fail with', async () => {
    api.setBehaviour({ kind: 'fail', status: 503 });
    expect((await get(`${PATH}/inSkillProducts`, 'alice')).status).toBe(503);
    expect((await get(`${PATH}/settings/voicePurchasing.enabled`, 'alice')).status).toBe(503);
    api.setBehaviour({ kind: 'normal' });
    expect((await get(`${PATH}/inSkillProducts`, 'alice')).status).toBe(200);
  });

  it('answers normally, late, when slow', async () => {
    api.setBehaviour({ kind: 'slow', delayMs: 300 });
    const started = Date.now();
    const products = await list('alice');
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(products.inSkillProducts).toHaveLength(4);
  });

  it('lets a caller give up on a slow answer, and keeps serving', async () => {
    api.setBehaviour({ kind: 'slow', delayMs: 5000 });
    const request = fetch(`${api.url}${PATH}/inSkillProducts`, {
      headers: { authorization: `Bearer ${tokenFor('alice')}` },
      signal: AbortSignal.timeout(100),
    });
    await expect(request).rejects.toThrow();
    api.setBehaviour({ kind: 'normal' });
    expect((await list('alice')).inSkillProducts).toHaveLength(4);
  });
});

describe('lifecycle', () => {
  it('closes promptly while a slow request is waiting', async () => {
    const own = await InSkillProductsApi.start({ definitions: DEFINITIONS });
    own.setBehaviour({ kind: 'slow', delayMs: 60_000 });
    const request = fetch(`${own.url}${PATH}/inSkillProducts`, {
      headers: { authorization: `Bearer ${tokenFor('alice')}` },
    }).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await request).toBe('dropped');
    await own.close(); // twice is fine
  });

  it('loads ISP files from a folder, recursively, and has no products without one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'isps-'));
    try {
      mkdirSync(join(folder, 'subscription'));
      mkdirSync(join(folder, 'consumable'));
      writeFileSync(join(folder, 'subscription', 'green_plus.json'), JSON.stringify(DEFINITIONS[0]));
      writeFileSync(join(folder, 'consumable', 'offset_credit.json'), JSON.stringify(DEFINITIONS[2]));
      const fromFiles = await InSkillProductsApi.start({ productsDir: folder });
      const empty = await InSkillProductsApi.start({ productsDir: join(folder, 'missing') });
      try {
        expect(fromFiles.products.map((p) => [p.referenceName, p.source])).toEqual([
          ['offset_credit', join('consumable', 'offset_credit.json')],
          ['green_plus', join('subscription', 'green_plus.json')],
        ]);
        expect(empty.products).toEqual([]);
      } finally {
        await Promise.all([fromFiles.close(), empty.close()]);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('names the file when an ISP definition is invalid', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'isps-'));
    try {
      writeFileSync(join(folder, 'broken.json'), JSON.stringify({ type: 'BUNDLE', referenceName: 'broken_one' }));
      await expect(InSkillProductsApi.start({ productsDir: folder })).rejects.toThrow(/broken\.json: type must be/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
