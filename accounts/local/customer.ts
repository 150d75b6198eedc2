/**
 * A customer of the local account service, walked through its pages over HTTP as a person in a browser would: sign
 * up (the code read from the SES stand-in's email), then link an Alexa user as the Alexa app does (authorization
 * request → sign-in → consent → Alexa's redirect URI, where the stand-in exchanges the code at /token). The simulator's
 * `.link` and the skill's dialog tests get their access tokens this way, never hand-made.
 */
import { WebClient } from '../../tools/stand-ins/web-client';
import type { LocalAccounts } from './start-locally';

export interface Credentials {
  readonly email: string;
  readonly password: string;
}

export class LinkingError extends Error {
  override readonly name = 'LinkingError';
}

/** Signs up through the pages; resolves with a signed-in browser. An address that has an account signs in instead. */
export async function signUpCustomer(accounts: LocalAccounts, credentials: Credentials): Promise<WebClient> {
  const client = new WebClient(accounts.url);
  if (await accounts.parts.accounts.findAccountId(credentials.email.toLowerCase())) {
    const form = await client.get('/sign-in');
    await client.submit(form, '/sign-in', { ...credentials });
    return client;
  }
  const before = accounts.ses.sentTo(credentials.email).length;
  const form = await client.get('/sign-up');
  const codePage = await client.submit(form, '/sign-up', { ...credentials });
  const mail = await accounts.ses.waitForEmail(credentials.email, before);
  const code = /\b(\d{6})\b/.exec(mail.text ?? '')?.[1];
  if (!code) throw new LinkingError('The sign-up email has no code');
  await client.submit(codePage, '/sign-up/verify', { code });
  return client;
}

/**
 * Links `alexaUser` to the account with these credentials, as the Alexa app's browser does, and returns the access
 * token Alexa now holds for them (the Alexa stand-in keeps it, and refreshes it as Alexa would).
 */
export async function linkAlexaUser(
  accounts: LocalAccounts,
  alexaUser: string,
  credentials: Credentials,
): Promise<string> {
  const client = new WebClient(accounts.url);
  const login = await client.get(accounts.alexa.linkUrl(alexaUser));
  const interaction = new URL(login.url).pathname;
  const consent = await client.submit(login, `${interaction}/sign-in`, { ...credentials });
  const done = await client.submit(consent, `${new URL(consent.url).pathname}/consent`);
  const alexaPage = await fetch(done.url, { signal: AbortSignal.timeout(5000) });
  const tokens = accounts.alexa.tokensFor(alexaUser);
  if (alexaPage.status !== 200 || !tokens) {
    throw new LinkingError(`Linking did not finish (Alexa's page answered ${alexaPage.status})`);
  }
  return tokens.accessToken;
}

/** The account ID behind an email address. */
export async function accountIdFor(accounts: LocalAccounts, email: string): Promise<string> {
  const id = await accounts.parts.accounts.findAccountId(email.toLowerCase());
  if (!id) throw new LinkingError(`No account for ${email}`);
  return id;
}

/** The test cards the simulator's `.card` names, by what they do when the skill charges them. */
export const SIMULATOR_CARDS = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  /** Saves, then every charge is declined (generic_decline). */
  declined: '4000000000000341',
  /** 3-D Secure when saved and on every charge: the skill's off-session charge asks the customer to confirm. */
  '3ds': '4000002760003184',
  'insufficient-funds': '4000000000009995',
  expired: '4000000000000069',
} as const;

export type SimulatorCard = keyof typeof SIMULATOR_CARDS;

/**
 * Adds a card on the account page as the customer does: "Add a card", Stripe's hosted page (the stand-in) with the
 * card number, any future expiry and CVC, its 3-D Secure page completed when the card asks, and back to the account.
 * `client` is the customer's signed-in browser.
 */
export async function addCardOnPage(accounts: LocalAccounts, client: WebClient, number: string): Promise<void> {
  const page = await client.get('/account');
  const checkout = await client.submit(page, '/account/card');
  const stripe = new WebClient(accounts.stripe.url);
  const form = await stripe.get(checkout.url);
  const action = new URL(checkout.url).pathname;
  let answer = await stripe.submit(form, action, { number, expiry: '12 / 34', cvc: '123' });
  if (answer.html.includes('3-D Secure test authentication')) {
    answer = await stripe.submit(answer, `${action}/authenticate`, { outcome: 'complete' });
  }
  if (new URL(answer.url).origin !== new URL(accounts.url).origin) {
    throw new LinkingError('Stripe did not save the card');
  }
  await client.get(answer.url);
}
