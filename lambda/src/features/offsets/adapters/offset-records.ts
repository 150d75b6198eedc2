/**
 * Reading stored orders, plans and monthly charges back into domain types. Stored data is untrusted (older shapes,
 * hand edits): a record that does not fit throws CorruptOffsetRecordError instead of being half-read, because acting
 * on a misread payment record could charge or fulfil the wrong thing.
 */

import { type Currency, isCurrency, type Money } from '../domain/money';
import { MONTHLY_CHARGE_STATUSES, type MonthlyCharge } from '../domain/monthly-charges';
import { MONTHLY_PLAN_STATUSES, type MonthlyPlan } from '../domain/monthly-plan';
import { type ChargeFailure, type OffsetOrder, ORDER_STATUSES } from '../domain/order';
import { type PaymentSource, RAIL_NAMES, type RailName } from '../domain/payment';
import type { Quote } from '../domain/quote';
import { CorruptOffsetRecordError } from '../ports';

type Raw = Readonly<Record<string, unknown>>;

function record(value: unknown, what: string): Raw {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Raw;
  throw new CorruptOffsetRecordError(`${what} is not a map`);
}

/** Typed reads of one stored map; every failure names the field. */
class Fields {
  constructor(
    private readonly raw: Raw,
    private readonly what: string,
  ) {}

  private fail(key: string, expected: string): never {
    throw new CorruptOffsetRecordError(`${this.what}.${key} is not ${expected}`);
  }

  string(key: string): string {
    const value = this.raw[key];
    return typeof value === 'string' && value !== '' ? value : this.fail(key, 'a string');
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

export function parseOrder(raw: unknown): OffsetOrder {
  const fields = new Fields(record(raw, 'order'), 'order');
  return {
    orderId: fields.string('orderId'),
    userId: fields.string('userId'),
    rail: parseRail(fields),
    status: fields.oneOf('status', ORDER_STATUSES),
    quote: parseQuote(fields.nested('quote')),
    source: parseSource(fields),
    chargeAttempts: fields.integer('chargeAttempts'),
    authorizationReferenceId: fields.optionalString('authorizationReferenceId'),
    paymentId: parsePaymentId(fields),
    failure: fields.has('failure') ? parseFailure(fields.nested('failure')) : undefined,
    certificateId: fields.optionalString('certificateId'),
    providerReference: fields.optionalString('providerReference'),
    fulfilmentAttempts: fields.integer('fulfilmentAttempts'),
    fulfilmentError: fields.optionalString('fulfilmentError'),
    createdAt: fields.timestamp('createdAt'),
    updatedAt: fields.timestamp('updatedAt'),
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
    userId: fields.string('userId'),
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
  const fields = new Fields(record(raw, 'monthly charge'), 'monthly charge');
  return {
    planId: fields.string('planId'),
    userId: fields.string('userId'),
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
