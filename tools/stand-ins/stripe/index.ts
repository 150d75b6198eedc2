/**
 * The Stripe API stand-in (see server.ts): `const stripe = await StripeStandIn.start()`, then point the `stripe`
 * library at `stripe.url` (STRIPE_API_URL) with the key `stripe.apiKey`.
 */
import { checkout } from './resources/checkout';
import { customers } from './resources/customers';
import { holdNextCharges, paymentIntents as paymentIntentRoutes, settleIntent } from './resources/payment-intents';
import { paymentMethods } from './resources/payment-methods';
import { setupIntents } from './resources/setup-intents';
import {
  DEFAULT_STRIPE_TEST_KEY,
  type ReceivedStripeRequest,
  type StripeBehaviour,
  type StripeResource,
  StripeServer,
} from './server';
import { copy, type StripeObject, StripeState } from './state';

export type { ReceivedStripeRequest, StripeBehaviour, StripePage, StripeResource, StripeRoute } from './server';
export { StripeApiError, type StripeObject, StripeState } from './state';
export {
  type CardOutcome,
  TEST_CARDS,
  type TestCard,
  testCardByNumber,
  testCardByPaymentMethod,
} from './test-cards';

import type { CardOutcome } from './test-cards';

export const BUILT_IN_RESOURCES: readonly StripeResource[] = [
  customers,
  paymentMethods,
  setupIntents,
  checkout,
  paymentIntentRoutes,
];

export interface StripeStandInOptions {
  /** The secret key requests must carry (default `sk_test_green_horizons_local`). */
  readonly apiKey?: string;
  readonly port?: number;
  /** More resources next to the built-in ones (customers, payment methods, setup intents, Checkout, PaymentIntents, refunds). */
  readonly resources?: readonly StripeResource[];
  readonly clock?: () => Date;
}

export class StripeStandIn {
  private constructor(
    private readonly server: StripeServer,
    readonly apiKey: string,
  ) {}

  static async start(options: StripeStandInOptions = {}): Promise<StripeStandIn> {
    const apiKey = options.apiKey ?? DEFAULT_STRIPE_TEST_KEY;
    const server = await StripeServer.listen(apiKey, new StripeState(options.clock), options.port);
    for (const resource of [...BUILT_IN_RESOURCES, ...(options.resources ?? [])]) server.use(resource);
    return new StripeStandIn(server, apiKey);
  }

  get url(): string {
    return this.server.url;
  }

  get state(): StripeState {
    return this.server.state;
  }

  use(resource: StripeResource): void {
    this.server.use(resource);
  }

  behave(behaviour: StripeBehaviour): void {
    this.server.behave(behaviour);
  }

  /** Every API request received, in order (method, path, idempotency key, status, whether replayed). */
  requests(): readonly ReceivedStripeRequest[] {
    return this.server.requests();
  }

  /** A copy of a stored object (customer, payment method, setup intent, checkout session). */
  object(id: string): StripeObject | undefined {
    const found = this.server.state.get(id);
    return found ? copy(found) : undefined;
  }

  /** The payment methods attached to a customer. */
  paymentMethodsOf(customerId: string): StripeObject[] {
    return this.server.state
      .all('payment_method')
      .filter((method) => method.customer === customerId)
      .map(copy);
  }

  /** Every PaymentIntent made, oldest first (what a test asserts "charged once" on). */
  paymentIntents(): StripeObject[] {
    return this.server.state.all('payment_intent').map(copy);
  }

  /** Every refund made, oldest first. */
  refunds(): StripeObject[] {
    return this.server.state.all('refund').map(copy);
  }

  /** The next `times` confirmations end `processing` instead of deciding (decide them with `settle`). */
  holdNextCharges(times = 1): void {
    holdNextCharges(this.server.state, times);
  }

  /**
   * From now on, charges of this saved payment method behave as `outcome` (the bank declines a card it accepted when
   * it was saved: reported lost since, out of funds…), as Stripe's test cards cannot show after saving.
   */
  chargeAs(paymentMethodId: string, outcome: CardOutcome): void {
    const card = this.server.state.testCards.get(paymentMethodId);
    if (!card) throw new Error(`${paymentMethodId} was not made from a test card`);
    this.server.state.testCards.set(paymentMethodId, { ...card, charge: outcome });
  }

  /** Decides a PaymentIntent held in `processing`. */
  settle(paymentIntentId: string, outcome: 'succeeded' | 'failed'): void {
    settleIntent(this.server.state, paymentIntentId, outcome);
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
