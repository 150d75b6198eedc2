/**
 * PaymentIntents and refunds, as the card rail uses them: create (and confirm) off-session on a saved card, retrieve,
 * list a customer's, confirm on-session (the account page, after 3-D Secure was asked for), cancel; refunds of a
 * succeeded PaymentIntent. Each test card charges as `test-cards.ts` says:
 *
 * - `succeeds`: `succeeded`, the whole amount received;
 * - `declined`: 402 card_error with the code and decline code, the PaymentIntent left `requires_payment_method` with
 *   `last_payment_error` (and sent along in the error, as Stripe does);
 * - `requires-action`: off-session, 402 `authentication_required` (the PaymentIntent waits in
 *   `requires_payment_method`); on-session with a `return_url`, `requires_action` and a redirect to the stand-in's
 *   3-D Secure page, whose answer succeeds or fails the payment and sends the browser back.
 *
 * `holdNext('processing')` makes the next confirmation end `processing` (as a bank that takes its time), and
 * `settle(id, 'succeeded' | 'failed')` decides it later.
 */
import type { FormObject } from '../form';
import type { StripeResource } from '../server';
import { copy, expand, StripeApiError, type StripeObject, type StripeState } from '../state';
import { metadata, optionalString, requiredString } from './params';
import { resolvePaymentMethod } from './payment-methods';
import { authenticationPage } from './setup-intents';

const ZERO_DECIMAL = new Set(['jpy']);

/** Stand-in controls shared by the routes: confirmations to hold in `processing`. */
const held = new WeakMap<StripeState, number>();

export function holdNextCharges(state: StripeState, times = 1): void {
  held.set(state, (held.get(state) ?? 0) + times);
}

function takeHold(state: StripeState): boolean {
  const left = held.get(state) ?? 0;
  if (left <= 0) return false;
  held.set(state, left - 1);
  return true;
}

function integerParam(body: FormObject, name: string): number {
  const raw = requiredString(body, name);
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) {
    throw new StripeApiError(400, 'invalid_request_error', `Invalid integer: ${raw}`, { param: name });
  }
  return value;
}

function succeed(intent: StripeObject, state: StripeState): void {
  intent.status = 'succeeded';
  intent.amount_received = intent.amount;
  intent.amount_capturable = 0;
  intent.latest_charge = state.newId('ch');
  intent.last_payment_error = null;
  intent.next_action = null;
}

function paymentError(intent: StripeObject, error: Record<string, unknown>): StripeApiError {
  intent.status = 'requires_payment_method';
  intent.last_payment_error = { type: 'card_error', payment_method: { id: intent.payment_method }, ...error };
  const { message, ...extra } = error as { message: string } & Record<string, unknown>;
  return new StripeApiError(402, 'card_error', message, { ...extra, payment_intent: copy(intent) });
}

/**
 * Confirms an intent with its payment method, as the card behaves when charged. Throws the card error of a decline
 * (after saving it on the intent), as Stripe's API answers.
 */
function confirm(
  state: StripeState,
  intent: StripeObject,
  options: { offSession: boolean; returnUrl: string | undefined; baseUrl: string },
): void {
  const card = state.testCards.get(String(intent.payment_method));
  const charge = card?.charge ?? { kind: 'succeeds' as const };
  intent.confirmation_method = 'automatic';
  if (takeHold(state)) {
    intent.status = 'processing';
    return;
  }
  if (charge.kind === 'declined') {
    throw paymentError(intent, { code: charge.code, decline_code: charge.declineCode, message: charge.message });
  }
  if (charge.kind === 'requires-action' && !intent.x_authenticated) {
    if (options.offSession) {
      throw paymentError(intent, {
        code: 'authentication_required',
        decline_code: 'authentication_required',
        message: 'Your card was declined. This transaction requires authentication.',
      });
    }
    const returnUrl = options.returnUrl;
    intent.status = 'requires_action';
    intent.next_action = {
      type: 'redirect_to_url',
      redirect_to_url: {
        url: `${options.baseUrl}/authenticate/payment/${intent.id}${returnUrl ? `?return_url=${encodeURIComponent(returnUrl)}` : ''}`,
        return_url: returnUrl ?? null,
      },
    };
    return;
  }
  succeed(intent, state);
}

function customerOf(state: StripeState, id: string): StripeObject {
  const customer = state.get(id);
  if (customer?.object !== 'customer') {
    throw new StripeApiError(404, 'invalid_request_error', `No such customer: '${id}'`, {
      code: 'resource_missing',
      param: 'customer',
    });
  }
  return customer;
}

/** The payment method to charge: the customer's own (a test ID makes a new one, attached for the charge). */
function paymentMethodOf(state: StripeState, id: string, customerId: string): StripeObject {
  const method = resolvePaymentMethod(state, id);
  if (method.customer === null && id.startsWith('pm_card_')) method.customer = customerId;
  if (method.customer !== customerId) {
    throw new StripeApiError(404, 'invalid_request_error', `No such PaymentMethod: '${id}' for this customer`, {
      code: 'resource_missing',
      param: 'payment_method',
    });
  }
  return method;
}

function visible(intent: StripeObject): StripeObject {
  const { x_authenticated: _a, x_amount_refunded: _r, ...rest } = copy(intent);
  return rest as StripeObject;
}

function requireIntent(state: StripeState, id: string): StripeObject {
  return state.require(id, 'payment_intent');
}

export const paymentIntents: StripeResource = {
  routes: [
    {
      method: 'POST',
      path: '/v1/payment_intents',
      handle: ({ body, state, baseUrl, expand: paths }) => {
        const amount = integerParam(body, 'amount');
        const currency = requiredString(body, 'currency').toLowerCase();
        if (!/^[a-z]{3}$/.test(currency)) {
          throw new StripeApiError(400, 'invalid_request_error', `Invalid currency: ${currency}`, {
            param: 'currency',
          });
        }
        const customerId = optionalString(body, 'customer');
        if (customerId) customerOf(state, customerId);
        const pm = optionalString(body, 'payment_method');
        const method =
          pm && customerId ? paymentMethodOf(state, pm, customerId) : pm ? resolvePaymentMethod(state, pm) : undefined;
        const offSession = optionalString(body, 'off_session') === 'true';
        if (ZERO_DECIMAL.has(currency) && amount < 50) {
          throw new StripeApiError(400, 'invalid_request_error', 'Amount must be at least ¥50', { param: 'amount' });
        }
        const intent = state.put({
          id: state.newId('pi'),
          object: 'payment_intent',
          amount,
          amount_received: 0,
          amount_capturable: 0,
          currency,
          customer: customerId ?? null,
          payment_method: method?.id ?? null,
          description: optionalString(body, 'description') ?? null,
          metadata: metadata(body),
          status: method ? 'requires_confirmation' : 'requires_payment_method',
          capture_method: 'automatic',
          confirmation_method: 'automatic',
          client_secret: '',
          created: state.now(),
          livemode: false,
          last_payment_error: null,
          next_action: null,
          latest_charge: null,
          payment_method_types: ['card'],
          setup_future_usage: null,
          off_session: offSession,
          x_amount_refunded: 0,
        });
        intent.client_secret = `${intent.id}_secret_${state.newId('x').slice(2)}`;
        if (optionalString(body, 'confirm') === 'true') {
          if (!method) {
            throw new StripeApiError(
              400,
              'invalid_request_error',
              'You cannot confirm this PaymentIntent because it is missing a payment method.',
            );
          }
          confirm(state, intent, { offSession, returnUrl: optionalString(body, 'return_url'), baseUrl });
        }
        return expand(visible(intent), paths, state);
      },
    },
    {
      method: 'GET',
      path: '/v1/payment_intents/:id',
      handle: ({ params, state, expand: paths }) =>
        expand(visible(requireIntent(state, params.id ?? '')), paths, state),
    },
    {
      method: 'GET',
      path: '/v1/payment_intents',
      handle: ({ body, state }) => {
        const customer = optionalString(body, 'customer');
        const created = (body.created ?? {}) as Record<string, unknown>;
        const since = typeof created.gte === 'string' ? Number(created.gte) : 0;
        const limit = Math.min(100, Number(optionalString(body, 'limit') ?? 10));
        const after = optionalString(body, 'starting_after');
        const all = state
          .all('payment_intent')
          .filter((intent) => (customer ? intent.customer === customer : true) && Number(intent.created) >= since)
          .reverse();
        const start = after ? all.findIndex((intent) => intent.id === after) + 1 : 0;
        const page = all.slice(start, start + limit);
        return {
          object: 'list',
          url: '/v1/payment_intents',
          has_more: start + limit < all.length,
          data: page.map(visible),
        };
      },
    },
    {
      method: 'POST',
      path: '/v1/payment_intents/:id/confirm',
      handle: ({ params, body, state, baseUrl, expand: paths }) => {
        const intent = requireIntent(state, params.id ?? '');
        if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(String(intent.status))) {
          throw new StripeApiError(
            400,
            'invalid_request_error',
            `This PaymentIntent's status is ${String(intent.status)}, so it cannot be confirmed.`,
            { code: 'payment_intent_unexpected_state', payment_intent: visible(intent) },
          );
        }
        const pm = optionalString(body, 'payment_method');
        if (pm) intent.payment_method = paymentMethodOf(state, pm, String(intent.customer)).id;
        confirm(state, intent, {
          offSession: optionalString(body, 'off_session') === 'true',
          returnUrl: optionalString(body, 'return_url'),
          baseUrl,
        });
        return expand(visible(intent), paths, state);
      },
    },
    {
      method: 'POST',
      path: '/v1/payment_intents/:id/cancel',
      handle: ({ params, body, state }) => {
        const intent = requireIntent(state, params.id ?? '');
        if (intent.status === 'succeeded' || intent.status === 'canceled') {
          throw new StripeApiError(
            400,
            'invalid_request_error',
            `You cannot cancel this PaymentIntent because it has a status of ${String(intent.status)}.`,
            { code: 'payment_intent_unexpected_state' },
          );
        }
        intent.status = 'canceled';
        intent.cancellation_reason = optionalString(body, 'cancellation_reason') ?? null;
        intent.next_action = null;
        return visible(intent);
      },
    },
    {
      method: 'POST',
      path: '/v1/refunds',
      handle: ({ body, state }) => {
        const intent = requireIntent(state, requiredString(body, 'payment_intent'));
        if (intent.status !== 'succeeded') {
          throw new StripeApiError(
            400,
            'invalid_request_error',
            'This PaymentIntent does not have a successful charge to refund.',
            {
              code: 'charge_not_refundable',
            },
          );
        }
        const remaining = Number(intent.amount_received) - Number(intent.x_amount_refunded ?? 0);
        if (remaining <= 0) {
          throw new StripeApiError(
            400,
            'invalid_request_error',
            `Charge ${String(intent.latest_charge)} has already been refunded.`,
            {
              code: 'charge_already_refunded',
            },
          );
        }
        const amount = body.amount === undefined ? remaining : integerParam(body, 'amount');
        if (amount > remaining) {
          throw new StripeApiError(
            400,
            'invalid_request_error',
            'Refund amount is greater than unrefunded amount on charge.',
            {
              param: 'amount',
            },
          );
        }
        intent.x_amount_refunded = Number(intent.x_amount_refunded ?? 0) + amount;
        return copy(
          state.put({
            id: state.newId('re'),
            object: 'refund',
            amount,
            currency: intent.currency,
            payment_intent: intent.id,
            charge: intent.latest_charge,
            status: 'succeeded',
            reason: optionalString(body, 'reason') ?? null,
            metadata: metadata(body),
            created: state.now(),
          }),
        );
      },
    },
    {
      method: 'GET',
      path: '/v1/refunds/:id',
      handle: ({ params, state }) => copy(state.require(params.id ?? '', 'refund')),
    },
  ],
  pages: [
    {
      method: 'GET',
      path: '/authenticate/payment/:id',
      handle: ({ params, body, state }) => {
        const intent = requireIntent(state, params.id ?? '');
        const returnUrl = optionalString(body, 'return_url') ?? '';
        return { kind: 'html', html: authenticationPage(`/authenticate/payment/${intent.id}`, returnUrl) };
      },
    },
    {
      method: 'POST',
      path: '/authenticate/payment/:id',
      handle: ({ params, body, state }) => {
        const intent = requireIntent(state, params.id ?? '');
        if (intent.status === 'requires_action') {
          if (requiredString(body, 'outcome') === 'complete') {
            intent.x_authenticated = true;
            succeed(intent, state);
          } else {
            intent.status = 'requires_payment_method';
            intent.next_action = null;
            intent.last_payment_error = {
              type: 'card_error',
              code: 'payment_intent_authentication_failure',
              message:
                'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
            };
          }
        }
        const returnUrl = optionalString(body, 'return_url');
        if (!returnUrl) return { kind: 'html', html: '<p>Authentication finished. You can close this page.</p>' };
        const target = new URL(returnUrl);
        target.searchParams.set('payment_intent', intent.id);
        return { kind: 'redirect', location: target.toString() };
      },
    },
  ],
};

/** Decides a PaymentIntent held in `processing` (the bank answered). */
export function settleIntent(state: StripeState, id: string, outcome: 'succeeded' | 'failed'): void {
  const intent = requireIntent(state, id);
  if (intent.status !== 'processing') throw new Error(`${id} is not processing`);
  if (outcome === 'succeeded') {
    succeed(intent, state);
    return;
  }
  intent.status = 'requires_payment_method';
  intent.last_payment_error = {
    type: 'card_error',
    code: 'card_declined',
    decline_code: 'generic_decline',
    message: 'Your card was declined.',
  };
}
