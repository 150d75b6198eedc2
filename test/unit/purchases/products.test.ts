import { appendToLog } from '../../../lambda/src/features/footprint/domain/estimate-log';
import type { RecordedEstimate } from '../../../lambda/src/features/footprint/domain/footprints';
import {
  canBeOffered,
  DECLINE_COOLING_OFF_MS,
  decodeToken,
  encodeToken,
  interpretPurchase,
  maySuggest,
  type Product,
  type ProductList,
  reductionPlansAvailable,
} from '../../../lambda/src/features/purchases/domain/products';
import { monthlyReport, reductionPlan } from '../../../lambda/src/features/purchases/domain/reports';

const product = (overrides: Partial<Product>): Product => ({
  ref: 'travel_pack',
  productId: 'amzn1.adg.product.travel',
  name: 'Travel Pack',
  summary: 'Stopovers and cabin class.',
  type: 'ENTITLEMENT',
  entitled: false,
  purchasable: true,
  activeEntitlementCount: 0,
  ...overrides,
});
const catalog = (...products: Product[]): ProductList => ({ available: true, products });
const now = new Date('2026-11-23T12:00:00Z');

describe('reductionPlansAvailable: Amazon counts purchases, the skill counts use', () => {
  it('is purchases times three minus plans used', () => {
    expect(reductionPlansAvailable(2, 1)).toBe(5);
    expect(reductionPlansAvailable(1, 3)).toBe(0);
  });

  it('clamps at zero when a refund leaves fewer purchases than uses', () => {
    expect(reductionPlansAvailable(1, 5)).toBe(0);
  });
});

describe('maySuggest', () => {
  const context = { products: catalog(product({})), plansUsed: 0, declines: {}, suggestedThisSession: false, now };

  it('suggests a product the customer can buy and does not own', () => {
    expect(maySuggest('travel_pack', context)).toBe(true);
  });

  it('never suggests an owned product, a product not sold here, or twice in a session', () => {
    expect(maySuggest('travel_pack', { ...context, products: catalog(product({ entitled: true })) })).toBe(false);
    expect(maySuggest('travel_pack', { ...context, products: { available: false } })).toBe(false);
    expect(maySuggest('travel_pack', { ...context, products: catalog() })).toBe(false);
    expect(maySuggest('travel_pack', { ...context, suggestedThisSession: true })).toBe(false);
  });

  it('waits out the cooling-off after a decline', () => {
    const justBefore = new Date(now.getTime() - DECLINE_COOLING_OFF_MS + 60_000).toISOString();
    const longAgo = new Date(now.getTime() - DECLINE_COOLING_OFF_MS).toISOString();

    expect(maySuggest('travel_pack', { ...context, declines: { travel_pack: justBefore } })).toBe(false);
    expect(maySuggest('travel_pack', { ...context, declines: { travel_pack: longAgo } })).toBe(true);
  });

  it('offers consumables again only when none are left', () => {
    const plans = catalog(
      product({ ref: 'reduction_plan', type: 'CONSUMABLE', entitled: true, activeEntitlementCount: 1 }),
    );

    expect(canBeOffered(plans, 'reduction_plan', 2)).toBe(false);
    expect(canBeOffered(plans, 'reduction_plan', 3)).toBe(true);
  });
});

describe('purchase tokens and results', () => {
  it('round-trips the token and refuses tokens it did not make', () => {
    const token = { action: 'Upsell', ref: 'travel_pack', resume: 'flight' } as const;

    expect(decodeToken(encodeToken(token))).toEqual(token);
    expect(decodeToken('Upsell:ponies:flight')).toBeUndefined();
    expect(decodeToken(42)).toBeUndefined();
  });

  it.each([
    ['Buy', 'ACCEPTED', 'bought'],
    ['Upsell', 'ALREADY_PURCHASED', 'bought'],
    ['Upsell', 'DECLINED', 'declined'],
    ['Buy', 'ERROR', 'failed'],
    ['Buy', 'PENDING_PURCHASE', 'pending'],
    ['Buy', 'SOMETHING_NEW', 'unreadable'],
    ['Cancel', 'ACCEPTED', 'cancelled'],
    ['Cancel', 'DECLINED', 'kept'],
    ['Cancel', 'NOT_ENTITLED', 'not-owned'],
  ])('%s %s is %s', (name, result, kind) => {
    const token = encodeToken({ action: name as 'Buy', ref: 'travel_pack', resume: 'none' });

    expect(interpretPurchase(name, '200', result, token).kind).toBe(kind);
  });

  it('treats a non-200 status or a mismatched name as unreadable, keeping where to resume', () => {
    const token = encodeToken({ action: 'Upsell', ref: 'travel_pack', resume: 'flight' });

    expect(interpretPurchase('Upsell', '500', 'ACCEPTED', token)).toEqual({ kind: 'unreadable', resume: 'flight' });
    expect(interpretPurchase('Buy', '200', 'ACCEPTED', token)).toEqual({ kind: 'unreadable', resume: 'flight' });
  });
});

const estimate = (kind: 'flight' | 'car' | 'electricity', grams: number, at: string): RecordedEstimate => ({
  activity:
    kind === 'flight'
      ? { kind: 'flight', from: 'SEA', to: 'JFK', roundTrip: false, passengers: 1 }
      : kind === 'car'
        ? { kind: 'trip', mode: 'car', distance: 10, unit: 'mi', roundTrip: false, passengers: 1 }
        : { kind: 'electricity', kwh: 100 },
  grams,
  factorIds: [],
  dataset: 'epa-2025',
  at,
});

describe('monthlyReport', () => {
  it('adds up this calendar month by category, largest first, against last month', () => {
    const log = [
      estimate('car', 10_000, '2026-10-30T10:00:00Z'),
      estimate('car', 3_000, '2026-11-02T10:00:00Z'),
      estimate('flight', 400_000, '2026-11-10T10:00:00Z'),
      estimate('electricity', 35_000, '2026-11-20T10:00:00Z'),
    ];

    expect(monthlyReport(log, now)).toEqual({
      byCategory: [
        { category: 'flights', grams: 400_000 },
        { category: 'electricity', grams: 35_000 },
        { category: 'driving', grams: 3_000 },
      ],
      totalGrams: 438_000,
      lastMonthGrams: 10_000,
      count: 3,
    });
  });

  it('counts a walk as an estimate but reports no category for it', () => {
    const walk: RecordedEstimate = {
      ...estimate('car', 0, '2026-11-03T10:00:00Z'),
      activity: { kind: 'trip', mode: 'walk', distance: 2, unit: 'mi', roundTrip: false, passengers: 1 },
    };

    expect(monthlyReport([walk], now)).toEqual({ byCategory: [], totalGrams: 0, lastMonthGrams: 0, count: 1 });
  });

  it('finds last month across a year boundary', () => {
    const january = new Date('2027-01-05T00:00:00Z');

    expect(monthlyReport([estimate('car', 5_000, '2026-12-31T23:00:00Z')], january).lastMonthGrams).toBe(5_000);
  });
});

describe('reductionPlan', () => {
  it('puts the largest saving first, with the saving of each step', () => {
    const log = [
      estimate('car', 100_000, '2026-11-01T00:00:00Z'),
      estimate('flight', 400_000, '2026-11-02T00:00:00Z'),
      estimate('electricity', 200_000, '2026-11-03T00:00:00Z'),
    ];

    expect(reductionPlan(log, now)).toEqual([
      { kind: 'skip-largest-flight', savedGrams: 400_000, from: 'SEA', to: 'JFK' },
      { kind: 'drive-less', savedGrams: 20_000, share: 20 },
      { kind: 'greener-electricity', savedGrams: 20_000, share: 10 },
    ]);
  });

  it('is empty without recent estimates, so no plan is used up', () => {
    expect(reductionPlan([estimate('car', 100_000, '2026-01-01T00:00:00Z')], now)).toEqual([]);
  });
});

describe('appendToLog', () => {
  it('drops entries older than about a year and keeps the log bounded', () => {
    const old = estimate('car', 1, '2025-09-01T00:00:00Z');
    const many = Array.from({ length: 250 }, (_, i) => estimate('car', i, '2026-11-01T00:00:00Z'));

    const log = appendToLog([old, ...many], estimate('car', 999, '2026-11-23T00:00:00Z'), now);

    expect(log).toHaveLength(200);
    expect(log.at(-1)?.grams).toBe(999);
    expect(log).not.toContain(old);
  });
});
