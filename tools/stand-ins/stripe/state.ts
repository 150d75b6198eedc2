/** The stand-in's objects (customers, payment methods, setup intents, checkout sessions…), kept in memory by ID. */
import { randomBytes } from 'node:crypto';
import type { TestCard } from './test-cards';

export type StripeObject = { id: string; object: string } & Record<string, unknown>;

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error' | 'authentication_error',
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toBody(): unknown {
    return { error: { type: this.type, message: this.message, ...this.extra } };
  }
}

export class StripeState {
  private readonly objects = new Map<string, StripeObject>();
  /** Which test card each payment method was made from: how it behaves when saved and when charged. */
  readonly testCards = new Map<string, TestCard>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** A fresh Stripe-shaped ID: `cus_…`, `pm_…`, `seti_…`, `cs_test_…`. */
  newId(prefix: string): string {
    return `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
  }

  /** Seconds since the epoch, as Stripe's `created`. */
  now(): number {
    return Math.floor(this.clock().getTime() / 1000);
  }

  put<T extends StripeObject>(object: T): T {
    this.objects.set(object.id, object);
    return object;
  }

  get(id: string): StripeObject | undefined {
    return this.objects.get(id);
  }

  /** The object of that type, or a 404 as Stripe answers it. */
  require(id: string, object: string, param = 'id'): StripeObject {
    const found = this.objects.get(id);
    if (!found || found.object !== object) {
      throw new StripeApiError(404, 'invalid_request_error', `No such ${object.replace(/_/g, ' ')}: '${id}'`, {
        code: 'resource_missing',
        param,
      });
    }
    return found;
  }

  all(object: string): StripeObject[] {
    return [...this.objects.values()].filter((item) => item.object === object);
  }

  delete(id: string): void {
    this.objects.delete(id);
  }
}

/** A JSON copy (what the API returns: callers never share the stored object). */
export function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Replaces ID fields named by `expand` paths (`setup_intent`, `setup_intent.payment_method`) with the objects,
 * as Stripe's `expand[]` does.
 */
export function expand(object: StripeObject, paths: readonly string[], state: StripeState): StripeObject {
  const result = copy(object) as Record<string, unknown>;
  for (const path of paths) {
    let target: Record<string, unknown> | undefined = result;
    const parts = path.split('.');
    for (const [index, part] of parts.entries()) {
      if (!target) break;
      const value: unknown = target[part];
      if (typeof value === 'string') {
        const found = state.get(value);
        if (!found) break;
        target[part] = copy(found);
      }
      const next: unknown = target[part];
      target =
        index < parts.length - 1 && next && typeof next === 'object' ? (next as Record<string, unknown>) : undefined;
    }
  }
  return result as StripeObject;
}
