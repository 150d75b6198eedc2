/**
 * Checkout Sessions in setup mode, and the hosted page the customer is sent to (`session.url`): it takes a test
 * card number, expiry and CVC, saves the card through a SetupIntent (usage off_session) on the session's customer,
 * plays 3-D Secure for the cards that ask for it, shows Stripe's decline messages, and redirects to `success_url`
 * with `{CHECKOUT_SESSION_ID}` filled in. Only setup mode is implemented; payment mode answers 400.
 */
import { escapeHtml, stripePage } from '../pages';
import type { PageResult, StripeResource } from '../server';
import { copy, expand, StripeApiError, type StripeObject, type StripeState } from '../state';
import { TEST_CARDS, testCardByNumber } from '../test-cards';
import { metadata, optionalObject, optionalString, requiredString, stringList } from './params';
import { createPaymentMethod } from './payment-methods';
import { authenticationPage, confirmSetup, createSetupIntent, failAuthentication, finishSetup } from './setup-intents';

const SESSION_LIFETIME_SECONDS = 24 * 60 * 60;

function requireOpenSession(state: StripeState, id: string): StripeObject | PageResult {
  const session = state.get(id);
  if (session?.object !== 'checkout.session') {
    return { kind: 'html', status: 404, html: stripePage('Not found', '<h1>This checkout page does not exist.</h1>') };
  }
  if (session.status !== 'open' || Number(session.expires_at) < state.now()) {
    return {
      kind: 'html',
      status: 410,
      html: stripePage('Expired', '<h1>This checkout page has expired or was already used.</h1>'),
    };
  }
  return session;
}

function isPage(value: StripeObject | PageResult): value is PageResult {
  return 'kind' in value && (value.kind === 'html' || value.kind === 'redirect');
}

function cardForm(session: StripeObject, values: { number?: string; expiry?: string }, error?: string): string {
  const cancel = session.cancel_url
    ? `<p><a href="${escapeHtml(String(session.cancel_url))}">Cancel and go back</a></p>`
    : '';
  const rows = TEST_CARDS.map(
    (card) =>
      `<tr><td><code>${card.number.replace(/(\d{4})(?=\d)/g, '$1 ')}</code></td><td>${escapeHtml(card.note)}</td></tr>`,
  ).join('');
  return stripePage(
    'Save a card',
    `<h1>Save a card for future payments</h1>
<p>You will not be charged now. The card is saved for payments you approve later.</p>
${error ? `<p class="error" role="alert" id="card-error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/checkout/pay/${escapeHtml(session.id)}" novalidate>
<label for="number">Card number</label>
<input id="number" name="number" inputmode="numeric" autocomplete="cc-number" value="${escapeHtml(values.number ?? '')}" required>
<div class="row">
<div><label for="expiry">Expiry (MM / YY)</label>
<input id="expiry" name="expiry" autocomplete="cc-exp" placeholder="MM / YY" value="${escapeHtml(values.expiry ?? '')}" required></div>
<div><label for="cvc">CVC</label><input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" required></div>
</div>
<button type="submit">Save card</button>
</form>
${cancel}
<table aria-label="Test card numbers"><caption>Test cards</caption>${rows}</table>`,
  );
}

/** MM / YY (or MM / YYYY) as a month and a four-digit year. */
function parseExpiry(expiry: string): { month: number; year: number } | undefined {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(expiry);
  if (!match) return undefined;
  const year = Number(match[2]);
  return { month: Number(match[1]), year: year < 100 ? 2000 + year : year };
}

/** In the future; Stripe's messages otherwise. */
function expiryProblem(expiry: string, now: Date): string | undefined {
  const parsed = parseExpiry(expiry);
  if (!parsed) return "Your card's expiration date is incomplete.";
  if (parsed.month < 1 || parsed.month > 12) return "Your card's expiration month is invalid.";
  if (parsed.year * 12 + parsed.month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) {
    return "Your card's expiration year is in the past.";
  }
  return undefined;
}

function succeed(session: StripeObject): PageResult {
  session.status = 'complete';
  const successUrl = String(session.success_url).replace('{CHECKOUT_SESSION_ID}', session.id);
  return { kind: 'redirect', location: successUrl };
}

export const checkout: StripeResource = {
  routes: [
    {
      method: 'POST',
      path: '/v1/checkout/sessions',
      handle: ({ body, state, baseUrl }) => {
        const mode = requiredString(body, 'mode');
        if (mode !== 'setup') {
          throw new StripeApiError(
            400,
            'invalid_request_error',
            `The stand-in implements setup mode only, not ${mode}.`,
            { param: 'mode' },
          );
        }
        const customer = optionalString(body, 'customer') ?? null;
        if (customer) state.require(customer, 'customer', 'customer');
        const successUrl = requiredString(body, 'success_url');
        const setupData = optionalObject(body, 'setup_intent_data') ?? {};
        const id = state.newId('cs_test');
        const created = state.now();
        return copy(
          state.put({
            id,
            object: 'checkout.session',
            mode,
            status: 'open',
            livemode: false,
            created,
            expires_at: created + SESSION_LIFETIME_SECONDS,
            customer,
            client_reference_id: optionalString(body, 'client_reference_id') ?? null,
            currency: optionalString(body, 'currency') ?? null,
            payment_method_types: ['card'],
            allowed_payment_method_types:
              stringList(body, 'allowed_payment_method_types') ?? stringList(body, 'payment_method_types') ?? null,
            payment_status: 'no_payment_required',
            success_url: successUrl,
            cancel_url: optionalString(body, 'cancel_url') ?? null,
            metadata: metadata(body),
            setup_intent: null,
            x_setup_metadata: metadata(setupData),
            url: `${baseUrl}/checkout/pay/${id}`,
          }),
        );
      },
    },
    {
      method: 'GET',
      path: '/v1/checkout/sessions/:id',
      handle: ({ params, state, expand: paths }) => {
        const { x_setup_metadata: _hidden, ...session } = expand(
          state.require(params.id ?? '', 'checkout.session'),
          paths,
          state,
        );
        return session;
      },
    },
    {
      method: 'POST',
      path: '/v1/checkout/sessions/:id/expire',
      handle: ({ params, state }) => {
        const session = state.require(params.id ?? '', 'checkout.session');
        if (session.status !== 'open') {
          throw new StripeApiError(
            400,
            'invalid_request_error',
            'Only Checkout Sessions with a status of open can be expired.',
          );
        }
        session.status = 'expired';
        const { x_setup_metadata: _hidden, ...rest } = copy(session);
        return rest;
      },
    },
  ],
  pages: [
    {
      method: 'GET',
      path: '/checkout/pay/:id',
      handle: ({ params, state }) => {
        const session = requireOpenSession(state, params.id ?? '');
        return isPage(session) ? session : { kind: 'html', html: cardForm(session, {}) };
      },
    },
    {
      method: 'POST',
      path: '/checkout/pay/:id',
      handle: ({ params, body, state, baseUrl }) => {
        const session = requireOpenSession(state, params.id ?? '');
        if (isPage(session)) return session;
        const number = optionalString(body, 'number') ?? '';
        const expiry = optionalString(body, 'expiry') ?? '';
        const cvc = optionalString(body, 'cvc') ?? '';
        const card = testCardByNumber(number);
        const problem = !card
          ? 'Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, see the table below.'
          : (expiryProblem(expiry, new Date(state.now() * 1000)) ??
            (/^\d{3,4}$/.test(cvc) ? undefined : "Your card's security code is incomplete."));
        if (!card || problem) return { kind: 'html', html: cardForm(session, { number, expiry }, problem) };
        const intent = createSetupIntent(state, {
          customer: (session.customer as string | null) ?? null,
          usage: 'off_session',
          metadata: (session.x_setup_metadata as Record<string, string>) ?? {},
        });
        session.setup_intent = intent.id;
        const method = createPaymentMethod(state, card, parseExpiry(expiry));
        const result = confirmSetup(state, intent, method, baseUrl);
        if (result === 'declined') {
          const error = intent.last_setup_error as { message: string };
          return { kind: 'html', html: cardForm(session, { number, expiry }, error.message) };
        }
        if (result === 'requires_action') {
          return { kind: 'html', html: authenticationPage(`/checkout/pay/${session.id}/authenticate`, '') };
        }
        return succeed(session);
      },
    },
    {
      method: 'POST',
      path: '/checkout/pay/:id/authenticate',
      handle: ({ params, body, state }) => {
        const session = requireOpenSession(state, params.id ?? '');
        if (isPage(session)) return session;
        const intent = state.require(String(session.setup_intent), 'setup_intent');
        if (intent.status !== 'requires_action') return { kind: 'html', html: cardForm(session, {}) };
        if (optionalString(body, 'outcome') === 'complete') {
          finishSetup(state, intent);
          return succeed(session);
        }
        failAuthentication(intent);
        const error = intent.last_setup_error as { message: string };
        return { kind: 'html', html: cardForm(session, {}, error.message) };
      },
    },
  ],
};
