/**
 * The linked-card rail for a dialog test: the account service (with its Stripe and SES stand-ins and Amazon's side of
 * account linking) on 127.0.0.1, the skill built from source on the same dynalite, and customers who sign up, link
 * and add a card exactly as a person does (pages over HTTP, Stripe's hosted page, the OAuth flow): no hand-made
 * tokens, no cards written to the table.
 */
import {
  accountIdFor,
  addCardOnPage,
  linkAlexaUser,
  SIMULATOR_CARDS,
  type SimulatorCard,
  signUpCustomer,
} from '../../accounts/local/customer';
import { type LocalAccounts, startAccountsLocally } from '../../accounts/local/start-locally';
import { DialogDriver, type DialogDriverOptions } from '../../tools/simulator/dialog-driver';
import type { WebClient } from '../../tools/stand-ins/web-client';

export const PASSWORD = 'correct horse battery';

export interface LinkedCardWorld {
  readonly accounts: LocalAccounts;
  readonly alexa: DialogDriver;
  stop(): Promise<void>;
}

export async function startLinkedCard(
  options: Omit<DialogDriverOptions, 'linkedCard'> & { tableName: string },
): Promise<LinkedCardWorld> {
  const accounts = await startAccountsLocally({ passwordHashLog2N: 12, logLevel: 'SILENT' });
  try {
    const alexa = await DialogDriver.start({ ...options, linkedCard: accounts });
    return {
      accounts,
      alexa,
      stop: async () => {
        await alexa.stop();
        await accounts.stop();
      },
    };
  } catch (error) {
    await accounts.stop();
    throw error;
  }
}

export interface Customer {
  readonly userId: string;
  readonly email: string;
  readonly accountId: string;
  /** The customer's signed-in browser on the account pages. */
  readonly browser: WebClient;
}

let customers = 0;

/**
 * A new customer, talking to the skill from now on: signed up, linked (unless `linked: false`), with a card added on
 * the account page (unless `card: undefined`) and a voice code set there (when given).
 */
export async function newCustomer(
  world: LinkedCardWorld,
  options: { linked?: boolean; card?: SimulatorCard | undefined; voiceCode?: string } = { card: 'visa' },
): Promise<Customer> {
  customers += 1;
  const userId = `amzn1.ask.account.CARD${process.pid}x${customers}`;
  const email = `card.${process.pid}.${customers}@example.test`;
  const browser = await signUpCustomer(world.accounts, { email, password: PASSWORD });
  if (options.linked ?? true) await linkAlexaUser(world.accounts, userId, { email, password: PASSWORD });
  const card = 'card' in options ? options.card : 'visa';
  if (card) await addCardOnPage(world.accounts, browser, SIMULATOR_CARDS[card]);
  if (options.voiceCode) {
    const page = await browser.get('/account');
    await browser.submit(page, '/account/voice-code', { code: options.voiceCode, confirm: options.voiceCode });
  }
  await world.alexa.switchUser(userId);
  return { userId, email, accountId: await accountIdFor(world.accounts, email), browser };
}

/** The PaymentIntents Stripe made for one customer's orders (what "charged once" is asserted on). */
export function intentsFor(world: LinkedCardWorld, orderId: string) {
  return world.accounts.stripe.paymentIntents().filter((intent) => {
    const metadata = intent.metadata as Record<string, string> | undefined;
    return metadata?.orderId === orderId;
  });
}
