/**
 * What the account pages do, one method per action, each returning a typed outcome for the page to word. The web
 * layer (web/routes.ts) parses the form, calls one method and renders its result.
 */
import type { AccountActivity, RefundRequestResult } from './contract/activity';
import type { EmailSender } from './contract/email-sender';
import { type AccountProfile, type VoiceCodeState, voiceCodeState } from './contract/profile';
import { type AccountOrder, type AccountPlan, type CardOnFile, refundableNow } from './contract/records';
import { hashLog2N, type ScryptCost, slowHash, verifySlowHash } from './contract/slow-hash';
import { hashVoiceCode, isFourDigitCode } from './contract/voice-code';
import { alreadyRegisteredEmail, passwordResetEmail, refundEmail, signUpCodeEmail } from './emails';
import { type AccountsLogger, describeError } from './logger';
import type { CardVault, PaymentState, SavedCard } from './payments/card-vault';
import { type AccountStore, newAccountId, normaliseEmail } from './store/account-store';
import type { PasswordResets, PendingSignUps, RateLimiter, WebSessions } from './store/short-lived';

export interface AccountServiceDeps {
  readonly accounts: AccountStore;
  readonly sessions: WebSessions;
  readonly signUps: PendingSignUps;
  readonly resets: PasswordResets;
  readonly limiter: RateLimiter;
  readonly activity: AccountActivity;
  readonly vault: CardVault | undefined;
  readonly mailer: EmailSender;
  /** Revokes an OAuth grant and every token issued under it (oidc-provider's models). */
  readonly revokeGrant: (grantId: string) => Promise<void>;
  readonly publicUrl: string;
  readonly alexaClientId: string;
  readonly passwordCost: ScryptCost;
  readonly voiceCodePepper: string;
  readonly clock: () => Date;
  readonly logger: AccountsLogger;
}

/** What the account page shows. */
export interface AccountView {
  readonly email: string;
  readonly linkedSince: string | undefined;
  readonly card: CardOnFile | undefined;
  readonly cardsAvailable: boolean;
  readonly voiceCode: VoiceCodeState;
  readonly orders: readonly AccountOrder[];
  readonly plan: AccountPlan | undefined;
}

export type Problems = { email?: string; password?: string };

export const PASSWORD_MIN = 10;
const PASSWORD_MAX = 200;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function emailProblem(email: string): string | undefined {
  return email.length <= 254 && EMAIL_PATTERN.test(email) ? undefined : 'Enter an email address like name@example.com.';
}

function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  return undefined;
}

const WINDOW_15_MIN = 15 * 60;
const WINDOW_HOUR = 60 * 60;

export class AccountService {
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly deps: AccountServiceDeps) {}

  /** A hash to verify against when no account has the email, so both answers take as long. */
  private dummy(): Promise<string> {
    this.dummyHash ??= slowHash('green-horizons/no-such-account', this.deps.passwordCost);
    return this.dummyHash;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Signing up, in, out; password reset

  /**
   * Starts a sign-up. The answer is the same whether or not the email has an account (the email says which):
   * a page that asks for the emailed code.
   */
  async signUp(
    emailInput: string,
    password: string,
    ip: string,
  ): Promise<
    | { kind: 'code-sent'; pendingId: string }
    | { kind: 'invalid'; problems: Problems }
    | { kind: 'rate-limited' }
    | { kind: 'email-failed' }
  > {
    const email = normaliseEmail(emailInput);
    const problems: Problems = { email: emailProblem(email), password: passwordProblem(password) };
    if (problems.email || problems.password) return { kind: 'invalid', problems };
    if (!(await this.deps.limiter.allow('sign-up-ip', ip, 30, WINDOW_HOUR))) return { kind: 'rate-limited' };
    const passwordHash = await slowHash(password, this.deps.passwordCost);
    const existing = await this.deps.accounts.findAccountId(email);
    const pending = await this.deps.signUps.create(email, existing ? undefined : passwordHash);
    // At most five emails an hour to one address, whoever asks; past that the page looks the same.
    if (await this.deps.limiter.allow('sign-up-email', email, 5, WINDOW_HOUR)) {
      try {
        await this.deps.mailer.send(
          existing ? alreadyRegisteredEmail(email, this.deps.publicUrl) : signUpCodeEmail(email, pending.code),
        );
      } catch (error) {
        this.deps.logger.error('sign-up email not sent', describeError(error));
        return { kind: 'email-failed' };
      }
    }
    return { kind: 'code-sent', pendingId: pending.id };
  }

  pendingSignUpEmail(pendingId: string): Promise<string | undefined> {
    return this.deps.signUps.email(pendingId);
  }

  async verifySignUp(
    pendingId: string,
    code: string,
  ): Promise<
    | { kind: 'created'; accountId: string; sessionToken: string }
    | { kind: 'wrong-code'; attemptsLeft: number }
    | { kind: 'expired' }
    | { kind: 'email-taken' }
  > {
    const check = await this.deps.signUps.check(pendingId, code.trim());
    if (check.kind === 'expired') return { kind: 'expired' };
    if (check.kind === 'wrong') return { kind: 'wrong-code', attemptsLeft: check.attemptsLeft };
    const passwordHash = check.signUp.passwordHash;
    if (!passwordHash) return { kind: 'expired' };
    const accountId = newAccountId();
    const created = await this.deps.accounts.create({ accountId, email: check.signUp.email, passwordHash });
    if (created === 'email-taken') return { kind: 'email-taken' };
    this.deps.logger.info('account created');
    return { kind: 'created', accountId, sessionToken: await this.deps.sessions.create(accountId) };
  }

  async signIn(
    emailInput: string,
    password: string,
    ip: string,
  ): Promise<
    { kind: 'signed-in'; accountId: string; sessionToken: string } | { kind: 'wrong' } | { kind: 'rate-limited' }
  > {
    const email = normaliseEmail(emailInput);
    // Failed sign-ins are counted per address and per IP, whether or not an account has the address.
    const limits = [
      ['sign-in-ip', ip, 50],
      ['sign-in-email', email, 10],
    ] as const;
    const blocked = await Promise.all(
      limits.map(([scope, key, limit]) => this.deps.limiter.reached(scope, key, limit, WINDOW_15_MIN)),
    );
    if (blocked.some(Boolean)) return { kind: 'rate-limited' };
    const accountId = email.length <= 254 ? await this.deps.accounts.findAccountId(email) : undefined;
    const profile = accountId ? await this.deps.accounts.get(accountId) : undefined;
    const ok = await verifySlowHash(profile?.passwordHash ?? (await this.dummy()), password.slice(0, PASSWORD_MAX));
    if (!profile || !ok) {
      await Promise.all(limits.map(([scope, key]) => this.deps.limiter.count(scope, key, WINDOW_15_MIN)));
      return { kind: 'wrong' };
    }
    if (hashLog2N(profile.passwordHash) !== this.deps.passwordCost.log2N) {
      const upgraded = await slowHash(password, this.deps.passwordCost);
      await this.deps.accounts.upgradePasswordHash(profile.accountId, profile.passwordHash, upgraded);
    }
    return {
      kind: 'signed-in',
      accountId: profile.accountId,
      sessionToken: await this.deps.sessions.create(profile.accountId),
    };
  }

  /** The signed-in account of a session cookie, or undefined (no such session, expired, signed out by a reset). */
  async sessionAccount(token: string | undefined): Promise<AccountProfile | undefined> {
    if (!token) return undefined;
    const session = await this.deps.sessions.find(token);
    if (!session) return undefined;
    const profile = await this.deps.accounts.get(session.accountId);
    return profile && session.createdAtMs >= profile.sessionsNotBeforeMs ? profile : undefined;
  }

  async signOut(token: string | undefined): Promise<void> {
    if (token) await this.deps.sessions.destroy(token);
  }

  /** Always the same answer; the link goes out only when an account has the email (at most three an hour). */
  async requestPasswordReset(emailInput: string, ip: string): Promise<{ kind: 'sent' } | { kind: 'rate-limited' }> {
    const email = normaliseEmail(emailInput);
    if (!(await this.deps.limiter.allow('reset-ip', ip, 20, WINDOW_HOUR))) return { kind: 'rate-limited' };
    if (emailProblem(email)) return { kind: 'sent' };
    const accountId = await this.deps.accounts.findAccountId(email);
    if (accountId && (await this.deps.limiter.allow('reset-email', email, 3, WINDOW_HOUR))) {
      const token = await this.deps.resets.create(accountId);
      try {
        await this.deps.mailer.send(passwordResetEmail(email, `${this.deps.publicUrl}/password-reset/${token}`));
      } catch (error) {
        this.deps.logger.error('password-reset email not sent', describeError(error));
      }
    }
    return { kind: 'sent' };
  }

  async resetLinkIsValid(token: string): Promise<boolean> {
    return (await this.deps.resets.peek(token)) !== undefined;
  }

  async resetPassword(
    token: string,
    password: string,
  ): Promise<
    { kind: 'reset'; sessionToken: string } | { kind: 'invalid'; problem: string } | { kind: 'invalid-link' }
  > {
    const problem = passwordProblem(password);
    if (problem) return { kind: 'invalid', problem };
    const accountId = await this.deps.resets.consume(token);
    if (!accountId) return { kind: 'invalid-link' };
    const changed = await this.deps.accounts.setPassword(accountId, await slowHash(password, this.deps.passwordCost));
    if (!changed) return { kind: 'invalid-link' };
    this.deps.logger.info('password reset');
    return { kind: 'reset', sessionToken: await this.deps.sessions.create(accountId) };
  }

  // -------------------------------------------------------------------------------------------------------------
  // The account page

  async view(profile: AccountProfile): Promise<AccountView> {
    const settled = (await this.settlePendingCard(profile)) ?? profile;
    const [grants, orders, plan] = await Promise.all([
      this.deps.accounts.listGrants(profile.accountId),
      this.deps.activity.listOrders(profile.accountId),
      this.deps.activity.getPlan(profile.accountId),
    ]);
    const alexa = grants
      .filter((grant) => grant.clientId === this.deps.alexaClientId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
    return {
      email: settled.email,
      linkedSince: alexa?.createdAt,
      card: settled.card,
      cardsAvailable: this.deps.vault !== undefined,
      voiceCode: voiceCodeState(settled),
      orders,
      plan,
    };
  }

  /** A card setup the customer finished on Stripe but never came back from: settle it now. */
  private async settlePendingCard(profile: AccountProfile): Promise<AccountProfile | undefined> {
    const pending = profile.pendingCardSetup;
    if (!pending || !this.deps.vault) return undefined;
    try {
      const outcome = await this.finishCardSetup(profile, pending.checkoutSessionId);
      return outcome.kind === 'saved' || outcome.kind === 'expired'
        ? await this.deps.accounts.get(profile.accountId)
        : undefined;
    } catch (error) {
      this.deps.logger.warn('pending card setup not settled', describeError(error));
      return undefined;
    }
  }

  private async customerId(profile: AccountProfile, vault: CardVault): Promise<string> {
    if (profile.stripeCustomerId) return profile.stripeCustomerId;
    const created = await vault.createCustomer(profile.accountId);
    return (await this.deps.accounts.setStripeCustomer(profile.accountId, created)) ?? created;
  }

  async startCardSetup(profile: AccountProfile): Promise<{ kind: 'redirect'; url: string } | { kind: 'unavailable' }> {
    const vault = this.deps.vault;
    if (!vault) return { kind: 'unavailable' };
    const customerId = await this.customerId(profile, vault);
    const session = await vault.startSetup({
      customerId,
      accountId: profile.accountId,
      successUrl: `${this.deps.publicUrl}/account/card/done`,
      cancelUrl: `${this.deps.publicUrl}/account?notice=card-cancelled`,
    });
    await this.deps.accounts.setPendingCardSetup(profile.accountId, session.sessionId);
    return { kind: 'redirect', url: session.url };
  }

  /** Stripe sent the customer back (or the page settles a pending setup): save the card if the setup finished. */
  async finishCardSetup(
    profile: AccountProfile,
    sessionId: string,
  ): Promise<{ kind: 'saved' } | { kind: 'open' } | { kind: 'expired' } | { kind: 'unknown' }> {
    const vault = this.deps.vault;
    const customerId = profile.stripeCustomerId;
    if (!vault || !customerId || profile.pendingCardSetup?.checkoutSessionId !== sessionId) return { kind: 'unknown' };
    const outcome = await vault.settleSetup(sessionId, customerId);
    if (outcome.kind === 'expired') {
      await this.deps.accounts.clearPendingCardSetup(profile.accountId, sessionId);
      return { kind: 'expired' };
    }
    if (outcome.kind === 'open') return { kind: 'open' };
    await this.keepCard(profile, outcome.card, sessionId);
    return { kind: 'saved' };
  }

  /** Saves the new card and detaches the one it replaces. */
  private async keepCard(profile: AccountProfile, card: SavedCard, fromSession?: string): Promise<void> {
    const saved = await this.deps.accounts.saveCard(
      profile.accountId,
      { ...card, addedAt: this.deps.clock().toISOString() },
      fromSession,
    );
    const old = profile.card?.paymentMethodId;
    if (saved && old && old !== card.paymentMethodId) await this.deps.vault?.detach(old);
  }

  /**
   * Saves a card by payment-method ID without Stripe's page (a test ID such as `pm_card_visa`): for the simulator
   * and tests, never offered to customers.
   */
  async saveTestCard(
    accountId: string,
    paymentMethod: string,
  ): Promise<'saved' | 'requires-action' | 'declined' | 'unavailable'> {
    const vault = this.deps.vault;
    const profile = await this.deps.accounts.get(accountId);
    if (!vault || !profile) return 'unavailable';
    const outcome = await vault.saveDirectly(await this.customerId(profile, vault), paymentMethod);
    if (outcome.kind !== 'saved') return outcome.kind;
    await this.keepCard(profile, outcome.card);
    return 'saved';
  }

  async removeCard(profile: AccountProfile): Promise<void> {
    const card = profile.card;
    if (!card || !this.deps.vault) return;
    await this.deps.vault.detach(card.paymentMethodId);
    await this.deps.accounts.removeCard(profile.accountId, card.paymentMethodId);
  }

  async setVoiceCode(
    profile: AccountProfile,
    code: string,
    confirm: string,
  ): Promise<{ kind: 'set' } | { kind: 'invalid'; problem: string }> {
    if (!isFourDigitCode(code)) return { kind: 'invalid', problem: 'A voice code is four digits, like 2468.' };
    if (code !== confirm) return { kind: 'invalid', problem: 'The two codes are not the same.' };
    if (/^(\d)\1{3}$/.test(code) || '0123456789'.includes(code) || '9876543210'.includes(code)) {
      return {
        kind: 'invalid',
        problem: 'Choose a code that is harder to guess than four equal or consecutive digits.',
      };
    }
    const hash = await hashVoiceCode(this.deps.voiceCodePepper, profile.accountId, code);
    await this.deps.accounts.setVoiceCode(profile.accountId, {
      hash,
      setAt: this.deps.clock().toISOString(),
      failedAttempts: 0,
      lockedAt: undefined,
    });
    return { kind: 'set' };
  }

  async removeVoiceCode(profile: AccountProfile): Promise<void> {
    await this.deps.accounts.removeVoiceCode(profile.accountId);
  }

  /** Unlinks Alexa: access tokens already issued stop working, and every grant (refresh tokens with it) is revoked. */
  async unlinkAlexa(profile: AccountProfile): Promise<void> {
    await this.deps.accounts.revokeTokensIssuedUntilNow(profile.accountId);
    const grants = await this.deps.accounts.listGrants(profile.accountId);
    await Promise.all(grants.map((grant) => this.deps.revokeGrant(grant.grantId)));
    this.deps.logger.info('alexa unlinked', { grants: grants.length });
  }

  /**
   * The customer asks for a refund on the page. Within the refund window it is made at once through Stripe's refund
   * API (keyed on the order ID, as the skill's refund by voice is: asked for twice, refunded once) and settled; later,
   * or when Stripe does not answer, it stays requested for a person to decide.
   */
  async requestRefund(
    profile: AccountProfile,
    orderId: string,
    reason: string | undefined,
  ): Promise<RefundRequestResult | 'refunded'> {
    const asked = await this.deps.activity.requestRefund(profile.accountId, orderId, reason?.trim() || undefined);
    if (asked !== 'requested') return asked;
    const order = await this.deps.activity.getOrder(profile.accountId, orderId);
    const vault = this.deps.vault;
    if (!vault || !order?.paymentIntentId || !refundableNow(order, this.deps.clock())) return asked;
    if ((await vault.refund(order.paymentIntentId, orderId)) !== 'refunded') return asked;
    await this.deps.activity.settleRefund(profile.accountId, orderId, 'refunded');
    this.deps.logger.info('order refunded', { orderId });
    try {
      await this.deps.mailer.send(refundEmail(profile.email, order, this.deps.publicUrl));
    } catch (error) {
      this.deps.logger.warn('refund email not sent', describeError(error));
    }
    return 'refunded';
  }

  /** One order of the account (its page, with the certificate). */
  order(profile: AccountProfile, orderId: string): Promise<AccountOrder | undefined> {
    return this.deps.activity.getOrder(profile.accountId, orderId);
  }

  /**
   * The customer confirms, on this page, a payment their bank held for 3-D Secure: the skill's PaymentIntent is
   * confirmed on-session and the browser sent to the bank's page, which comes back to `returnUrl`. The skill finishes
   * the order when it next looks the payment up (the customer's next session, or its hourly job).
   */
  async confirmPayment(
    profile: AccountProfile,
    orderId: string,
    returnUrl: string,
  ): Promise<PaymentState | { readonly kind: 'unavailable' }> {
    const order = await this.deps.activity.getOrder(profile.accountId, orderId);
    const vault = this.deps.vault;
    if (!vault || !profile.stripeCustomerId) return { kind: 'unavailable' };
    if (!order?.paymentIntentId) return { kind: 'not-found' };
    if (order.status !== 'action-required') {
      return vault.paymentState(order.paymentIntentId, profile.stripeCustomerId);
    }
    return vault.confirmPayment({
      paymentIntentId: order.paymentIntentId,
      customerId: profile.stripeCustomerId,
      returnUrl,
    });
  }

  /** Where that payment stands once the bank's page sent the customer back. */
  async paymentState(
    profile: AccountProfile,
    orderId: string,
  ): Promise<PaymentState | { readonly kind: 'unavailable' }> {
    const order = await this.deps.activity.getOrder(profile.accountId, orderId);
    if (!this.deps.vault || !profile.stripeCustomerId) return { kind: 'unavailable' };
    if (!order?.paymentIntentId) return { kind: 'not-found' };
    return this.deps.vault.paymentState(order.paymentIntentId, profile.stripeCustomerId);
  }

  cancelPlan(profile: AccountProfile): Promise<boolean> {
    return this.deps.activity.cancelPlan(profile.accountId);
  }

  /**
   * Deletes the account: the card is removed at Stripe first (a failure there stops here, with nothing deleted,
   * so that a retry can finish), then tokens and grants are revoked, then every item of the account is deleted.
   */
  async deleteAccount(profile: AccountProfile, password: string): Promise<'deleted' | 'wrong-password'> {
    if (!(await verifySlowHash(profile.passwordHash, password.slice(0, PASSWORD_MAX)))) return 'wrong-password';
    const vault = this.deps.vault;
    if (vault && profile.card) await vault.detach(profile.card.paymentMethodId);
    if (vault && profile.stripeCustomerId) await vault.deleteCustomer(profile.stripeCustomerId);
    await this.unlinkAlexa(profile);
    await this.deps.accounts.deleteAll(profile.accountId, profile.email);
    this.deps.logger.info('account deleted');
    return 'deleted';
  }
}
