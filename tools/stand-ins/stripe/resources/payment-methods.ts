/**
 * Payment methods made from Stripe's test cards. A test ID such as `pm_card_visa`, passed where a payment method is
 * expected, makes a new payment method of that card (as Stripe does); the card's number does the same on the hosted
 * page. Attaching a card whose setup is declined fails with Stripe's card_error.
 */
import type { StripeResource } from '../server';
import { copy, expand, StripeApiError, type StripeObject, type StripeState } from '../state';
import { type TestCard, testCardByPaymentMethod } from '../test-cards';
import { list, requiredString } from './params';

const TEST_EXPIRY_YEAR = 2034;

/** A new payment method of a test card; the expiry typed on the hosted page, or Stripe's test default. */
export function createPaymentMethod(
  state: StripeState,
  card: TestCard,
  expiry: { month: number; year: number } = { month: 12, year: TEST_EXPIRY_YEAR },
): StripeObject {
  const id = state.newId('pm');
  state.testCards.set(id, card);
  return state.put({
    id,
    object: 'payment_method',
    type: 'card',
    created: state.now(),
    livemode: false,
    customer: null,
    metadata: {},
    allow_redisplay: 'unspecified',
    billing_details: { address: null, email: null, name: null, phone: null },
    card: {
      brand: card.brand,
      last4: card.number.slice(-4),
      exp_month: expiry.month,
      exp_year: expiry.year,
      funding: card.funding,
      country: 'US',
      fingerprint: card.number.slice(-8),
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
    },
  });
}

/** The payment method an API parameter names: a stored one, or a new one from a test ID (`pm_card_visa`). */
export function resolvePaymentMethod(state: StripeState, id: string, param = 'payment_method'): StripeObject {
  const card = testCardByPaymentMethod(id);
  if (card) return createPaymentMethod(state, card);
  return state.require(id, 'payment_method', param);
}

export function cardDeclined(
  card: TestCard | undefined,
  extra: Record<string, unknown> = {},
): StripeApiError | undefined {
  if (card?.setup.kind !== 'declined') return undefined;
  return new StripeApiError(402, 'card_error', card.setup.message, {
    code: card.setup.code,
    decline_code: card.setup.declineCode,
    param: 'payment_method',
    ...extra,
  });
}

export const paymentMethods: StripeResource = {
  routes: [
    {
      method: 'GET',
      path: '/v1/payment_methods/:id',
      handle: ({ params, state, expand: paths }) =>
        expand(state.require(params.id ?? '', 'payment_method'), paths, state),
    },
    {
      method: 'POST',
      path: '/v1/payment_methods/:id/attach',
      handle: ({ params, body, state }) => {
        const customer = state.require(requiredString(body, 'customer'), 'customer', 'customer');
        const method = resolvePaymentMethod(state, params.id ?? '', 'payment_method');
        const declined = cardDeclined(state.testCards.get(method.id));
        if (declined) throw declined;
        if (method.customer && method.customer !== customer.id) {
          throw new StripeApiError(
            400,
            'invalid_request_error',
            'This PaymentMethod is already attached to a customer.',
          );
        }
        method.customer = customer.id;
        return copy(method);
      },
    },
    {
      method: 'POST',
      path: '/v1/payment_methods/:id/detach',
      handle: ({ params, state }) => {
        const method = state.require(params.id ?? '', 'payment_method');
        if (!method.customer) {
          throw new StripeApiError(
            400,
            'invalid_request_error',
            'The payment method you provided is not attached to a customer so detachment is impossible.',
          );
        }
        const customer = state.get(String(method.customer));
        const settings = customer?.invoice_settings as { default_payment_method?: unknown } | undefined;
        if (customer && settings?.default_payment_method === method.id) {
          customer.invoice_settings = { default_payment_method: null };
        }
        method.customer = null;
        return copy(method);
      },
    },
    {
      method: 'GET',
      path: '/v1/customers/:id/payment_methods',
      handle: ({ params, state }) => {
        const customer = state.require(params.id ?? '', 'customer');
        return list(
          `/v1/customers/${customer.id}/payment_methods`,
          state
            .all('payment_method')
            .filter((method) => method.customer === customer.id)
            .map(copy),
        );
      },
    },
  ],
};
