import {
  type OffsetRecordSchema,
  ORDER_RECORD,
  PLAN_CHARGE_RECORD,
  PLAN_RECORD,
  readRecord,
} from '../../../lambda/src/features/offsets/adapters/offset-records';
import { planMonthlyCharge } from '../../../lambda/src/features/offsets/domain/monthly-charges';
import { monthlyPlanIdFor, startMonthlyPlan } from '../../../lambda/src/features/offsets/domain/monthly-plan';
import { createOrder } from '../../../lambda/src/features/offsets/domain/order';
import { AGREEMENT, gbpQuote, ORDER_ID, T0, USER } from './fixtures';

/**
 * Issue 10, item 3: one schema per record type the offset store holds. A record read back exactly as it was stored
 * is the same record; a wrong type in any one of its fields (here: a list, which no field may hold) makes it
 * unreadable, and what is said of it is its key and that field, never a value.
 */
const stored = <T extends object>(schema: OffsetRecordSchema<T>, record: T): Record<string, unknown> => ({
  ...(JSON.parse(JSON.stringify(record)) as Record<string, unknown>),
  id: schema.keyOf(record),
  kind: schema.recordType,
  version: 3,
});

const planId = monthlyPlanIdFor(USER);
const plan = {
  ...startMonthlyPlan(undefined, { planId, userId: USER, rail: 'amazon-pay', quote: gbpQuote(), now: T0 }).plan,
  status: 'active' as const,
  source: { kind: 'amazon-pay' as const, billingAgreementId: AGREEMENT },
  activatedAt: T0.toISOString(),
};
const step = planMonthlyCharge(plan, undefined, '2025-03', T0);
if (step.kind !== 'authorize') throw new Error('expected a charge to authorize');
const order = createOrder({ orderId: ORDER_ID, userId: USER, rail: 'amazon-pay', quote: gbpQuote(), now: T0 });

const cases = [
  { name: 'order', schema: ORDER_RECORD as OffsetRecordSchema<object>, record: order as object },
  { name: 'plan', schema: PLAN_RECORD as OffsetRecordSchema<object>, record: plan as object },
  { name: 'plan charge', schema: PLAN_CHARGE_RECORD as OffsetRecordSchema<object>, record: step.charge as object },
];

describe.each(cases)('the $name record', ({ schema, record }) => {
  const item = stored(schema, record);

  it('reads back as what was stored, with its version', () => {
    const read = readRecord(schema, item);

    expect(read).toEqual({ ok: true, value: expect.objectContaining(JSON.parse(JSON.stringify(record))), version: 3 });
  });

  it.each(Object.keys(item))('is unreadable with a wrong type at %s, named by key and field only', (key) => {
    const read = readRecord(schema, { ...item, [key]: ['PERSONAL-CONTENT'] });

    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problem).toEqual({
      recordType: schema.recordType,
      key: key === 'id' ? '(no key)' : schema.keyOf(record),
      field: expect.stringContaining(`.${key}`),
    });
    expect(JSON.stringify(read.problem)).not.toContain('PERSONAL-CONTENT');
  });

  it('is unreadable under another key, or without its user ID', () => {
    expect(readRecord(schema, { ...item, id: `${schema.recordType}#another` })).toMatchObject({
      ok: false,
      problem: { field: `${schema.recordType}.id` },
    });
    expect(readRecord(schema, { ...item, userId: undefined })).toMatchObject({ ok: false });
    expect(readRecord(schema, { ...item, userId: 'order#someone-else' })).toMatchObject({ ok: false });
  });
});
