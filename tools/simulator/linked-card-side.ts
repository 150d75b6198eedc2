/**
 * The simulator's side of the linked-card rail: the account service runs beside it (`npm start` starts it on the
 * simulator's own DynamoDB), and three commands walk the customer's part of it as a person would:
 *
 * - `.link [email]`: sign up (or sign in) on the account pages and link the current Alexa user as the Alexa app does
 *   (the URL to do it in a browser instead is printed too);
 * - `.card visa|mastercard|declined|3ds|insufficient-funds|expired`: add that Stripe test card on the account page,
 *   through Stripe's hosted page (the stand-in), 3-D Secure completed when the card asks;
 * - `.emails`: every email sent so far (new ones are shown after each turn anyway).
 */
import {
  accountIdFor,
  addCardOnPage,
  type Credentials,
  linkAlexaUser,
  SIMULATOR_CARDS,
  type SimulatorCard,
  signUpCustomer,
} from '../../accounts/local/customer';
import type { LocalAccounts } from '../../accounts/local/start-locally';
import type { SentEmail } from '../stand-ins/ses-api';
import type { WebClient } from '../stand-ins/web-client';

export const LINKED_CARD_HELP = `  .link [email]         link this customer's Green Horizons account as the Alexa app does (signs up if needed)
  .card visa|declined|3ds|insufficient-funds|expired   add that Stripe test card on the account page
  .emails               the emails sent so far (order confirmations, 3-D Secure links, sign-up codes)`;

/** The password the simulator signs its customers up with (to sign in on the account page in a browser). */
export const SIMULATOR_PASSWORD = 'green horizons simulator';

export interface SimulatorExtension {
  readonly help: string;
  /** Handles a dot-command; false when it is not one of this extension's. */
  command(name: string, argument: string, userId: string): Promise<boolean>;
  /** Called after every turn the skill answered. */
  afterTurn(): void;
}

export class LinkedCardSide implements SimulatorExtension {
  readonly help = LINKED_CARD_HELP;
  private readonly browsers = new Map<string, { client: WebClient; credentials: Credentials }>();
  private shownEmails: number;

  constructor(
    private readonly accounts: LocalAccounts,
    private readonly note: (text: string) => void,
    private readonly problem: (text: string) => void,
  ) {
    this.shownEmails = accounts.ses.sent().length;
  }

  /** The lines `npm start` prints about the account service. */
  banner(userId: string): string {
    return [
      `Account page: ${this.accounts.url}/account`,
      `Link in a browser as the Alexa app would: ${this.accounts.alexa.url}/start?user=${encodeURIComponent(userId)} (or type .link)`,
      `Emails sent: ${this.accounts.ses.url}/  ·  Stripe test cards: .card visa|declined|3ds`,
    ].join('\n');
  }

  async command(name: string, argument: string, userId: string): Promise<boolean> {
    switch (name) {
      case '.link':
        await this.guard(() => this.link(userId, argument));
        return true;
      case '.card':
        await this.guard(() => this.card(userId, argument));
        return true;
      case '.emails':
        this.listEmails(this.accounts.ses.sent());
        return true;
      default:
        return false;
    }
  }

  afterTurn(): void {
    const sent = this.accounts.ses.sent();
    this.listEmails(sent.slice(this.shownEmails));
    this.shownEmails = sent.length;
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.problem(error instanceof Error ? error.message : String(error));
    }
  }

  private credentialsFor(userId: string, email: string): Credentials {
    const name = userId.replace(/^amzn1\.ask\.account\./, '').replace(/[^A-Za-z0-9]+/g, '-') || 'customer';
    return { email: email || `${name.toLowerCase()}@example.test`, password: SIMULATOR_PASSWORD };
  }

  private async link(userId: string, email: string): Promise<void> {
    const credentials = this.credentialsFor(userId, email.trim());
    const client = await signUpCustomer(this.accounts, credentials);
    await linkAlexaUser(this.accounts, userId, credentials);
    this.browsers.set(userId, { client, credentials });
    this.note(
      `Linked ${userId} to the Green Horizons account ${credentials.email} (password "${credentials.password}"), ` +
        'as the Alexa app does: Alexa now sends its access token with every request.',
    );
    this.afterTurn();
  }

  private async card(userId: string, which: string): Promise<void> {
    const known = Object.keys(SIMULATOR_CARDS) as SimulatorCard[];
    const name = (which.trim().toLowerCase() || 'visa') as SimulatorCard;
    if (!known.includes(name)) {
      this.problem(`Usage: .card ${known.join('|')}`);
      return;
    }
    const browser = this.browsers.get(userId);
    if (!browser) {
      this.problem('Link the account first: .link');
      return;
    }
    await addCardOnPage(this.accounts, browser.client, SIMULATOR_CARDS[name]);
    const accountId = await accountIdFor(this.accounts, browser.credentials.email);
    const profile = await this.accounts.parts.accounts.get(accountId);
    const card = profile?.card;
    this.note(
      card
        ? `Saved on the account page: ${card.brand} ending in ${card.last4} (test card "${name}", ${SIMULATOR_CARDS[name]}).`
        : 'Stripe did not save the card.',
    );
  }

  private listEmails(emails: readonly SentEmail[]): void {
    for (const email of emails) {
      const body = (email.text ?? '').trim().replace(/\n{2,}/g, '\n');
      this.note(`email to ${email.to.join(', ')}: ${email.subject}\n${body.replace(/^/gm, '    ')}`);
    }
  }
}
