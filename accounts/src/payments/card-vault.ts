/**
 * Saving a card through Stripe with the official `stripe` library: a Stripe customer per account, a Checkout
 * Session in setup mode (Stripe's hosted page takes the card; its SetupIntent has usage off_session, so the card
 * can be charged later when the customer says yes by voice), and the saved payment method made the customer's
 * default. No card number or CVC ever passes through this service: only Stripe's IDs, brand, last four and expiry.
 */
import Stripe from 'stripe';
import type { CardOnFile } from '../contract/records';

export type SavedCard = Omit<CardOnFile, 'addedAt'>;

export type SetupOutcome =
  | { readonly kind: 'saved'; readonly card: SavedCard }
  /** The customer has not finished on Stripe's page (or closed it): nothing saved yet. */
  | { readonly kind: 'open' }
  | { readonly kind: 'expired' };

/** A test card saved by API (the simulator's `.card`, tests): Stripe's own outcomes for that card. */
export type DirectSetupOutcome =
  | { readonly kind: 'saved'; readonly card: SavedCard }
  | { readonly kind: 'requires-action' }
  | { readonly kind: 'declined'; readonly declineCode: string | undefined };

export class CardVaultError extends Error {
  override readonly name = 'CardVaultError';
}

export interface CardVault {
  /** Makes the account's Stripe customer (idempotent per account: a double click makes one). */
  createCustomer(accountId: string): Promise<string>;
  /** Starts Stripe's hosted card page; returns where to send the browser. */
  startSetup(input: {
    customerId: string;
    accountId: string;
    successUrl: string;
    cancelUrl: string;
  }): Promise<{ sessionId: string; url: string }>;
  /** Reads a Checkout Session back and, once complete, makes its card the customer's default. */
  settleSetup(sessionId: string, customerId: string): Promise<SetupOutcome>;
  /** Saves a card by payment-method ID (a Stripe test ID such as pm_card_visa) with a confirmed SetupIntent. */
  saveDirectly(customerId: string, paymentMethod: string): Promise<DirectSetupOutcome>;
  detach(paymentMethodId: string): Promise<void>;
  deleteCustomer(customerId: string): Promise<void>;
  /**
   * Confirms, on-session, a payment the skill's off-session charge left for the customer's bank (3-D Secure): the
   * customer's saved card, the page to come back to. Only a PaymentIntent of this customer is touched.
   */
  confirmPayment(input: { paymentIntentId: string; customerId: string; returnUrl: string }): Promise<PaymentState>;
  /** Where a PaymentIntent of this customer stands. */
  paymentState(paymentIntentId: string, customerId: string): Promise<PaymentState>;
  /** Refunds a PaymentIntent in full, keyed on our order ID (the skill's voice refund uses the same key). */
  refund(paymentIntentId: string, orderId: string): Promise<'refunded' | 'failed'>;
}

export type PaymentState =
  | { readonly kind: 'redirect'; readonly url: string }
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'processing' }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'not-found' };

export interface StripeVaultOptions {
  readonly secretKey: string;
  /** A Stripe-compatible server (the stand-in) instead of api.stripe.com, through the library's own options. */
  readonly apiUrl?: URL;
  readonly timeoutMs: number;
}

export function stripeClient(options: StripeVaultOptions): Stripe {
  const api = options.apiUrl;
  return new Stripe(options.secretKey, {
    timeout: options.timeoutMs,
    maxNetworkRetries: 1,
    appInfo: { name: 'green-horizons-accounts' },
    ...(api
      ? {
          host: api.hostname,
          port: api.port || (api.protocol === 'https:' ? 443 : 80),
          protocol: api.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}

function paymentMethodCard(method: Stripe.PaymentMethod): SavedCard {
  const card = method.card;
  if (!card) throw new CardVaultError('The saved payment method is not a card');
  return {
    paymentMethodId: method.id,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.exp_month,
    expYear: card.exp_year,
  };
}

/** Stripe errors carry request details; keep the type and code only. */
function wrap(error: unknown, what: string): CardVaultError {
  if (error instanceof Stripe.errors.StripeError) {
    return new CardVaultError(`${what}: Stripe ${error.type}${error.code ? ` (${error.code})` : ''}`, { cause: error });
  }
  return new CardVaultError(`${what}: ${error instanceof Error ? error.name : 'error'}`, { cause: error });
}

function customerOf(intent: Stripe.PaymentIntent): string | undefined {
  return typeof intent.customer === 'string' ? intent.customer : intent.customer?.id;
}

function paymentState(intent: Stripe.PaymentIntent): PaymentState {
  switch (intent.status) {
    case 'succeeded':
      return { kind: 'succeeded' };
    case 'processing':
      return { kind: 'processing' };
    case 'requires_action': {
      const url = intent.next_action?.redirect_to_url?.url;
      return url ? { kind: 'redirect', url } : { kind: 'failed', message: 'Your bank could not be reached.' };
    }
    default:
      return {
        kind: 'failed',
        message: intent.last_payment_error?.message ?? 'The payment could not be confirmed.',
      };
  }
}

export function createStripeCardVault(stripe: Stripe): CardVault {
  async function makeDefault(customerId: string, method: Stripe.PaymentMethod): Promise<SavedCard> {
    await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: method.id } });
    return paymentMethodCard(method);
  }

  return {
    async createCustomer(accountId) {
      try {
        const customer = await stripe.customers.create(
          { metadata: { accountId } },
          { idempotencyKey: `green-horizons-customer-${accountId}` },
        );
        return customer.id;
      } catch (error) {
        throw wrap(error, 'Creating the Stripe customer failed');
      }
    },

    async startSetup({ customerId, accountId, successUrl, cancelUrl }) {
      try {
        const session = await stripe.checkout.sessions.create({
          mode: 'setup',
          customer: customerId,
          allowed_payment_method_types: ['card'],
          success_url: `${successUrl}${successUrl.includes('?') ? '&' : '?'}session_id={CHECKOUT_SESSION_ID}`,
          cancel_url: cancelUrl,
          client_reference_id: accountId,
          setup_intent_data: { metadata: { accountId } },
        });
        if (!session.url) throw new CardVaultError('Stripe returned no Checkout URL');
        return { sessionId: session.id, url: session.url };
      } catch (error) {
        throw error instanceof CardVaultError ? error : wrap(error, 'Starting the card page failed');
      }
    },

    async settleSetup(sessionId, customerId) {
      try {
        const session = await stripe.checkout.sessions.retrieve(sessionId, {
          expand: ['setup_intent', 'setup_intent.payment_method'],
        });
        const sessionCustomer = typeof session.customer === 'string' ? session.customer : session.customer?.id;
        if (sessionCustomer !== customerId) throw new CardVaultError('The Checkout Session is another customer’s');
        if (session.status === 'expired') return { kind: 'expired' };
        const intent = session.setup_intent;
        if (session.status !== 'complete' || !intent || typeof intent === 'string' || intent.status !== 'succeeded') {
          return { kind: 'open' };
        }
        const method = intent.payment_method;
        if (!method || typeof method === 'string') throw new CardVaultError('The SetupIntent has no payment method');
        return { kind: 'saved', card: await makeDefault(customerId, method) };
      } catch (error) {
        throw error instanceof CardVaultError ? error : wrap(error, 'Reading the card page’s result failed');
      }
    },

    async saveDirectly(customerId, paymentMethod) {
      try {
        const intent = await stripe.setupIntents.create({
          customer: customerId,
          payment_method: paymentMethod,
          allowed_payment_method_types: ['card'],
          usage: 'off_session',
          confirm: true,
          expand: ['payment_method'],
        });
        if (intent.status === 'requires_action') return { kind: 'requires-action' };
        const method = intent.payment_method;
        if (intent.status !== 'succeeded' || !method || typeof method === 'string') {
          return { kind: 'declined', declineCode: undefined };
        }
        return { kind: 'saved', card: await makeDefault(customerId, method) };
      } catch (error) {
        if (error instanceof Stripe.errors.StripeCardError) {
          return { kind: 'declined', declineCode: error.decline_code ?? error.code };
        }
        throw wrap(error, 'Saving the card failed');
      }
    },

    async detach(paymentMethodId) {
      try {
        await stripe.paymentMethods.detach(paymentMethodId);
      } catch (error) {
        // Already detached (or gone) is what we wanted.
        if (error instanceof Stripe.errors.StripeInvalidRequestError) return;
        throw wrap(error, 'Removing the card at Stripe failed');
      }
    },

    async confirmPayment({ paymentIntentId, customerId, returnUrl }) {
      try {
        const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
        if (customerOf(intent) !== customerId) return { kind: 'not-found' };
        if (intent.status !== 'requires_payment_method' && intent.status !== 'requires_confirmation') {
          return paymentState(intent);
        }
        const method = typeof intent.payment_method === 'string' ? intent.payment_method : intent.payment_method?.id;
        const confirmed = await stripe.paymentIntents.confirm(paymentIntentId, {
          ...(method ? { payment_method: method } : {}),
          return_url: returnUrl,
          off_session: false,
        });
        return paymentState(confirmed);
      } catch (error) {
        if (error instanceof Stripe.errors.StripeCardError) return { kind: 'failed', message: error.message };
        throw wrap(error, 'Confirming the payment failed');
      }
    },

    async paymentState(paymentIntentId, customerId) {
      try {
        const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
        return customerOf(intent) === customerId ? paymentState(intent) : { kind: 'not-found' };
      } catch (error) {
        if (error instanceof Stripe.errors.StripeInvalidRequestError) return { kind: 'not-found' };
        throw wrap(error, 'Reading the payment failed');
      }
    },

    async refund(paymentIntentId, orderId) {
      try {
        await stripe.refunds.create(
          { payment_intent: paymentIntentId, reason: 'requested_by_customer', metadata: { orderId } },
          { idempotencyKey: `refund-${orderId}` },
        );
        return 'refunded';
      } catch (error) {
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'charge_already_refunded') {
          return 'refunded';
        }
        return 'failed';
      }
    },

    async deleteCustomer(customerId) {
      try {
        await stripe.customers.del(customerId);
      } catch (error) {
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing') return;
        throw wrap(error, 'Deleting the Stripe customer failed');
      }
    },
  };
}
