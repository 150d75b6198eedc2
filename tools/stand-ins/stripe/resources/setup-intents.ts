/**
 * SetupIntents (save a card for later off-session charges): create, confirm, retrieve; 3-D Secure by a redirect to
 * the stand-in's test authentication page, as Stripe's `next_action.redirect_to_url` does.
 */
import type { FormObject } from '../form';
import { escapeHtml, stripePage } from '../pages';
import type { StripeResource } from '../server';
import { copy, expand, StripeApiError, type StripeObject, type StripeState } from '../state';
import type { TestCard } from '../test-cards';
import { metadata, optionalString, requiredString, stringList } from './params';
import { cardDeclined, resolvePaymentMethod } from './payment-methods';

export function createSetupIntent(
  state: StripeState,
  fields: { customer: string | null; usage: string; metadata: Record<string, string>; paymentMethodTypes?: string[] },
): StripeObject {
  const id = state.newId('seti');
  return state.put({
    id,
    object: 'setup_intent',
    created: state.now(),
    livemode: false,
    client_secret: `${id}_secret_${state.newId('x').slice(2)}`,
    customer: fields.customer,
    payment_method: null,
    payment_method_types: fields.paymentMethodTypes ?? ['card'],
    allowed_payment_method_types: fields.paymentMethodTypes ?? null,
    status: 'requires_payment_method',
    usage: fields.usage,
    metadata: fields.metadata,
    last_setup_error: null,
    next_action: null,
  });
}

export type SetupResult = 'succeeded' | 'requires_action' | 'declined';

/**
 * Confirms a setup intent with a payment method, as the card it was made from behaves on setup. On success the
 * payment method is attached to the intent's customer.
 */
export function confirmSetup(
  state: StripeState,
  intent: StripeObject,
  method: StripeObject,
  baseUrl: string,
  returnUrl?: string,
): SetupResult {
  const card: TestCard | undefined = state.testCards.get(method.id);
  intent.payment_method = method.id;
  const declined = cardDeclined(card);
  if (declined) {
    intent.status = 'requires_payment_method';
    intent.payment_method = null;
    intent.last_setup_error = { type: 'card_error', message: declined.message, ...declined.extra };
    return 'declined';
  }
  if (card?.setup.kind === 'requires-action') {
    intent.status = 'requires_action';
    intent.next_action = {
      type: 'redirect_to_url',
      redirect_to_url: {
        url: `${baseUrl}/authenticate/setup/${intent.id}${returnUrl ? `?return_url=${encodeURIComponent(returnUrl)}` : ''}`,
        return_url: returnUrl ?? null,
      },
    };
    return 'requires_action';
  }
  finishSetup(state, intent);
  return 'succeeded';
}

/** The setup succeeded (right away, or after authentication): attach the card to the customer. */
export function finishSetup(state: StripeState, intent: StripeObject): void {
  const method = state.require(String(intent.payment_method), 'payment_method');
  if (intent.customer) method.customer = intent.customer;
  intent.status = 'succeeded';
  intent.next_action = null;
  intent.last_setup_error = null;
}

/** The customer failed 3-D Secure: the intent wants another payment method. */
export function failAuthentication(intent: StripeObject): void {
  intent.status = 'requires_payment_method';
  intent.payment_method = null;
  intent.next_action = null;
  intent.last_setup_error = {
    type: 'card_error',
    code: 'setup_intent_authentication_failure',
    message:
      'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
  };
}

function confirmFromBody(state: StripeState, intent: StripeObject, body: FormObject, baseUrl: string): StripeObject {
  const pmId = optionalString(body, 'payment_method') ?? (intent.payment_method as string | null);
  if (!pmId) {
    throw new StripeApiError(
      400,
      'invalid_request_error',
      'You cannot confirm this SetupIntent because it is missing a payment method.',
    );
  }
  const method = resolvePaymentMethod(state, pmId);
  const result = confirmSetup(state, intent, method, baseUrl, optionalString(body, 'return_url'));
  if (result === 'declined') {
    const error = intent.last_setup_error as { message: string } & Record<string, unknown>;
    const { message, type: _type, ...extra } = error;
    throw new StripeApiError(402, 'card_error', message, { ...extra, setup_intent: copy(intent) });
  }
  return intent;
}

export const setupIntents: StripeResource = {
  routes: [
    {
      method: 'POST',
      path: '/v1/setup_intents',
      handle: ({ body, state, baseUrl, expand: paths }) => {
        const customerId = optionalString(body, 'customer') ?? null;
        if (customerId) state.require(customerId, 'customer', 'customer');
        const usage = optionalString(body, 'usage') ?? 'off_session';
        if (usage !== 'off_session' && usage !== 'on_session') {
          throw new StripeApiError(400, 'invalid_request_error', `Invalid usage: ${usage}`, { param: 'usage' });
        }
        // `allowed_payment_method_types` since API version 2026-10-28; `payment_method_types` before.
        const types = stringList(body, 'allowed_payment_method_types') ?? stringList(body, 'payment_method_types');
        const intent = createSetupIntent(state, {
          customer: customerId,
          usage,
          metadata: metadata(body),
          ...(types ? { paymentMethodTypes: types } : {}),
        });
        const pm = optionalString(body, 'payment_method');
        if (pm) intent.payment_method = resolvePaymentMethod(state, pm).id;
        if (pm) intent.status = 'requires_confirmation';
        if (optionalString(body, 'confirm') === 'true') confirmFromBody(state, intent, body, baseUrl);
        return expand(intent, paths, state);
      },
    },
    {
      method: 'GET',
      path: '/v1/setup_intents/:id',
      handle: ({ params, state, expand: paths }) =>
        expand(state.require(params.id ?? '', 'setup_intent'), paths, state),
    },
    {
      method: 'POST',
      path: '/v1/setup_intents/:id/confirm',
      handle: ({ params, body, state, baseUrl, expand: paths }) =>
        expand(confirmFromBody(state, state.require(params.id ?? '', 'setup_intent'), body, baseUrl), paths, state),
    },
  ],
  pages: [
    {
      method: 'GET',
      path: '/authenticate/setup/:id',
      handle: ({ params, body, state }) => {
        const intent = state.require(params.id ?? '', 'setup_intent');
        const returnUrl = optionalString(body, 'return_url') ?? '';
        return { kind: 'html', html: authenticationPage(`/authenticate/setup/${intent.id}`, returnUrl) };
      },
    },
    {
      method: 'POST',
      path: '/authenticate/setup/:id',
      handle: ({ params, body, state }) => {
        const intent = state.require(params.id ?? '', 'setup_intent');
        if (intent.status === 'requires_action') {
          if (requiredString(body, 'outcome') === 'complete') finishSetup(state, intent);
          else failAuthentication(intent);
        }
        const returnUrl = optionalString(body, 'return_url');
        if (returnUrl) {
          const target = new URL(returnUrl);
          target.searchParams.set('setup_intent', intent.id);
          return { kind: 'redirect', location: target.toString() };
        }
        return {
          kind: 'html',
          html: stripePage(
            'Authentication finished',
            '<h1>Authentication finished</h1><p>You can close this page.</p>',
          ),
        };
      },
    },
  ],
};

/** Stripe's test 3-D Secure page: the tester completes or fails the authentication. */
export function authenticationPage(action: string, returnUrl: string): string {
  const hidden = returnUrl ? `<input type="hidden" name="return_url" value="${escapeHtml(returnUrl)}">` : '';
  return stripePage(
    '3-D Secure test authentication',
    `<h1>3-D Secure test authentication</h1>
<p>Your bank asks you to confirm this card. In test mode, choose what the bank answers.</p>
<form method="post" action="${escapeHtml(action)}">${hidden}
<button type="submit" name="outcome" value="complete">Complete authentication</button>
<button type="submit" name="outcome" value="fail" class="secondary">Fail authentication</button>
</form>`,
  );
}
