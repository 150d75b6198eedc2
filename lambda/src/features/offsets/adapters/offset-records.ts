/**
 * Reading stored orders, plans and monthly charges back into domain types: one schema per record type (`ORDER_RECORD`,
 * `PLAN_RECORD`, `PLAN_CHARGE_RECORD`), each its key, its `kind` and one typed parser. Stored data is untrusted (older
 * shapes, hand edits, a wrong type anywhere): a record that does not fit is never half-read, because acting on a
 * misread payment record could charge or fulfil the wrong thing. `readRecord` says what is wrong with it (its key and
 * the field, never a value), so the store can report it and a listing can go on without it.
 */

import { isAlexaUserId } from '../../../shared/alexa-ids';
import type { UnreadableRecord } from '../../../shared/unreadable-records';
import { type Currency, isCurrency, type Money } from '../domain/money';
import { MONTHLY_CHARGE_STATUSES, type MonthlyCharge } from '../domain/monthly-charges';
import { MONTHLY_PLAN_STATUSES, type MonthlyPlan } from '../domain/monthly-plan';
import {
  type ChargeFailure,
  type OffsetOrder,
  ORDER_STATUSES,
  type OrderReview,
  REVIEW_REASONS,
} from '../domain/order';
import { type PaymentSource, RAIL_NAMES, type RailName } from '../domain/payment';
import type { Quote } from '../domain/quote';
import { CorruptOffsetRecordError } from '../ports';

type Raw = Readonly<Record<string, unknown>>;

function record(value: unknown, what: string): Raw {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Raw;
  throw new CorruptOffsetRecordError(`${what} is not a map`, what);
}

/** Typed reads of one stored map; every failure names the field. */
class Fields {
  constructor(
    private readonly raw: Raw,
    private readonly what: string,
  ) {}

  private fail(key: string, expected: string): never {
    throw new CorruptOffsetRecordError(`${this.what}.${key} is not ${expected}`, `${this.what}.${key}`);
  }

  string(key: string): string {
    const value = this.raw[key];
    return typeof value === 'string' && value !== '' ? value : this.fail(key, 'a string');
  }

  /** The Alexa user ID the record belongs to (`amzn1.ask.account.…`: never another item's key). */
  userId(key: string): string {
    const value = this.raw[key];
    return isAlexaUserId(value) ? value : this.fail(key, 'an Alexa user ID');
  }

  optionalString(key: string): string | undefined {
    return this.raw[key] === undefined || this.raw[key] === null ? undefined : this.string(key);
  }

  timestamp(key: string): string {
    const value = this.string(key);
    return Number.isNaN(Date.parse(value)) ? this.fail(key, 'a timestamp') : value;
  }

  optionalTimestamp(key: string): string | undefined {
    return this.raw[key] === undefined || this.raw[key] === null ? undefined : this.timestamp(key);
  }

  integer(key: string): number {
    const value = this.raw[key];
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
      ? value
      : this.fail(key, 'an integer');
  }

  boolean(key: string): boolean {
    const value = this.raw[key];
    return typeof value === 'boolean' ? value : this.fail(key, 'a boolean');
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T {
    return values.find((known) => known === this.raw[key]) ?? this.fail(key, `one of ${values.join(', ')}`);
  }

  currency(key: string): Currency {
    const value = this.raw[key];
    return isCurrency(value) ? value : this.fail(key, 'a currency');
  }

  money(key: string): Money {
    const nested = this.nested(key);
    return { minor: nested.integer('minor'), currency: nested.currency('currency') };
  }

  nested(key: string): Fields {
    return new Fields(record(this.raw[key], `${this.what}.${key}`), `${this.what}.${key}`);
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }
}

function parseQuote(fields: Fields): Quote {
  return {
    grams: fields.integer('grams'),
    kilograms: fields.integer('kilograms'),
    pricePerTonne: fields.money('pricePerTonne'),
    net: fields.money('net'),
    tax: fields.money('tax'),
    total: fields.money('total'),
    taxCountry: fields.string('taxCountry'),
    taxRateBasisPoints: fields.integer('taxRateBasisPoints'),
    quotedAt: fields.timestamp('quotedAt'),
    expiresAt: fields.timestamp('expiresAt'),
  };
}

/**
 * What a record is charged on. Records written before the card rail kept only `billingAgreementId` (Amazon Pay).
 */
function parseSource(fields: Fields): PaymentSource | undefined {
  if (fields.has('source')) {
    const source = fields.nested('source');
    const kind = source.oneOf('kind', ['amazon-pay', 'card'] as const);
    return kind === 'amazon-pay'
      ? { kind, billingAgreementId: source.string('billingAgreementId') }
      : {
          kind,
          accountId: source.string('accountId'),
          customerId: source.string('customerId'),
          paymentMethodId: source.string('paymentMethodId'),
        };
  }
  const agreement = fields.optionalString('billingAgreementId');
  return agreement ? { kind: 'amazon-pay', billingAgreementId: agreement } : undefined;
}

function parseRail(fields: Fields): RailName {
  return fields.has('rail') ? fields.oneOf('rail', RAIL_NAMES) : 'amazon-pay';
}

/** The payment service's ID: `paymentId`, or `amazonAuthorizationId` in records written before the card rail. */
function parsePaymentId(fields: Fields): string | undefined {
  return fields.optionalString('paymentId') ?? fields.optionalString('amazonAuthorizationId');
}

function parseFailure(fields: Fields): ChargeFailure {
  return { kind: fields.string('kind'), code: fields.optionalString('code'), retryable: fields.boolean('retryable') };
}

function parseReview(fields: Fields): OrderReview {
  return {
    reason: fields.oneOf('reason', REVIEW_REASONS),
    since: fields.timestamp('since'),
    captured: fields.has('captured') ? fields.money('captured') : undefined,
  };
}

export function parseOrder(raw: unknown): OffsetOrder {
  const fields = new Fields(record(raw, 'order'), 'order');
  return {
    orderId: fields.string('orderId'),
    userId: fields.userId('userId'),
    rail: parseRail(fields),
    status: fields.oneOf('status', ORDER_STATUSES),
    quote: parseQuote(fields.nested('quote')),
    source: parseSource(fields),
    chargeAttempts: fields.integer('chargeAttempts'),
    authorizationReferenceId: fields.optionalString('authorizationReferenceId'),
    paymentId: parsePaymentId(fields),
    failure: fields.has('failure') ? parseFailure(fields.nested('failure')) : undefined,
    review: fields.has('review') ? parseReview(fields.nested('review')) : undefined,
    certificateId: fields.optionalString('certificateId'),
    providerReference: fields.optionalString('providerReference'),
    fulfilmentAttempts: fields.integer('fulfilmentAttempts'),
    fulfilmentError: fields.optionalString('fulfilmentError'),
    createdAt: fields.timestamp('createdAt'),
    updatedAt: fields.timestamp('updatedAt'),
    chargeStartedAt: fields.optionalTimestamp('chargeStartedAt'),
    chargedAt: fields.optionalTimestamp('chargedAt'),
    fulfilledAt: fields.optionalTimestamp('fulfilledAt'),
    emailedAt: fields.optionalTimestamp('emailedAt'),
    refundedAt: fields.optionalTimestamp('refundedAt'),
    refundId: fields.optionalString('refundId'),
    revision: fields.has('revision') ? fields.integer('revision') : 0,
  };
}

export function parseMonthlyPlan(raw: unknown): MonthlyPlan {
  const fields = new Fields(record(raw, 'plan'), 'plan');
  return {
    planId: fields.string('planId'),
    userId: fields.userId('userId'),
    rail: parseRail(fields),
    status: fields.oneOf('status', MONTHLY_PLAN_STATUSES),
    quote: parseQuote(fields.nested('quote')),
    source: parseSource(fields),
    createdAt: fields.timestamp('createdAt'),
    updatedAt: fields.timestamp('updatedAt'),
    activatedAt: fields.optionalTimestamp('activatedAt'),
    cancelledAt: fields.optionalTimestamp('cancelledAt'),
  };
}

export function parseMonthlyCharge(raw: unknown): MonthlyCharge {
  const fields = new Fields(record(raw, 'plan-charge'), 'plan-charge');
  return {
    planId: fields.string('planId'),
    userId: fields.userId('userId'),
    month: fields.string('month'),
    reference: fields.string('reference'),
    amount: fields.money('amount'),
    kilograms: fields.integer('kilograms'),
    status: fields.oneOf('status', MONTHLY_CHARGE_STATUSES),
    attempts: fields.integer('attempts'),
    claimedAt: fields.optionalTimestamp('claimedAt'),
    paymentId: parsePaymentId(fields),
    reasonCode: fields.optionalString('reasonCode'),
    certificateId: fields.optionalString('certificateId'),
    providerReference: fields.optionalString('providerReference'),
    fulfilmentAttempts: fields.integer('fulfilmentAttempts'),
    fulfilmentError: fields.optionalString('fulfilmentError'),
    createdAt: fields.timestamp('createdAt'),
    updatedAt: fields.timestamp('updatedAt'),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The record types the offset store holds, each with its key and parser

export type OffsetRecordType = 'order' | 'plan' | 'plan-charge';

export interface OffsetRecordSchema<T> {
  /** The item's `kind`. */
  readonly recordType: OffsetRecordType;
  /** The key a record of this type is stored under (a record read from another key is not this one). */
  readonly keyOf: (record: T) => string;
  readonly parse: (raw: unknown) => T;
}

export const orderKey = (orderId: string) => `order#${orderId}`;
export const planKey = (planId: string) => `plan#${planId}`;
export const chargeKey = (planId: string, month: string) => `plan-charge#${planId}#${month}`;

export const ORDER_RECORD: OffsetRecordSchema<OffsetOrder> = {
  recordType: 'order',
  keyOf: (order) => orderKey(order.orderId),
  parse: parseOrder,
};

export const PLAN_RECORD: OffsetRecordSchema<MonthlyPlan> = {
  recordType: 'plan',
  keyOf: (plan) => planKey(plan.planId),
  parse: parseMonthlyPlan,
};

export const PLAN_CHARGE_RECORD: OffsetRecordSchema<MonthlyCharge> = {
  recordType: 'plan-charge',
  keyOf: (charge) => chargeKey(charge.planId, charge.month),
  parse: parseMonthlyCharge,
};

export type ReadRecord<T> =
  | { readonly ok: true; readonly value: T; readonly version: number }
  | { readonly ok: false; readonly problem: UnreadableRecord };

/**
 * One stored item (unmarshalled) read as its type: the record and its version, or what is wrong with it. Besides the
 * record's own fields, the item must be of this `kind`, stored under the record's own key, with a whole `version`.
 */
export function readRecord<T>(schema: OffsetRecordSchema<T>, item: Readonly<Record<string, unknown>>): ReadRecord<T> {
  const key = typeof item.id === 'string' && item.id !== '' ? item.id : '(no key)';
  const problem = (field: string): ReadRecord<T> => ({
    ok: false,
    problem: { recordType: schema.recordType, key, field },
  });
  if (item.kind !== schema.recordType) return problem(`${schema.recordType}.kind`);
  const { version } = item;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    return problem(`${schema.recordType}.version`);
  }
  try {
    const value = schema.parse(item);
    return schema.keyOf(value) === key ? { ok: true, value, version } : problem(`${schema.recordType}.id`);
  } catch (error) {
    if (error instanceof CorruptOffsetRecordError) return problem(error.field);
    throw error;
  }
}
