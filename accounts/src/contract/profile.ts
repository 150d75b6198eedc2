/**
 * The account item (`account#<accountId>` / `profile`). The service writes it; the skill reads it (through
 * AccountDirectory) and counts voice-code attempts on it.
 */
import { Fields } from './fields';
import { type CardOnFile, parseCard, parseVoiceCode, type StoredVoiceCode } from './records';

export interface AccountProfile {
  readonly accountId: string;
  /** Normalised (trimmed, lower case). */
  readonly email: string;
  readonly passwordHash: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Browser sessions created before this (epoch milliseconds) are signed out: set by a password reset. */
  readonly sessionsNotBeforeMs: number;
  /**
   * Access tokens issued before this (epoch seconds) are revoked: set by unlinking and by deleting the account.
   * The skill checks it, since it verifies access tokens without calling the service.
   */
  readonly tokensNotBefore: number;
  readonly stripeCustomerId: string | undefined;
  readonly card: CardOnFile | undefined;
  /** A Stripe Checkout Session (setup mode) started and not settled yet. */
  readonly pendingCardSetup: { readonly checkoutSessionId: string; readonly startedAt: string } | undefined;
  readonly voiceCode: StoredVoiceCode | undefined;
}

export function parseProfile(raw: unknown): AccountProfile {
  const fields = Fields.of(raw, 'profile');
  const card = fields.optionalNested('card');
  const pending = fields.optionalNested('pendingCardSetup');
  const voiceCode = fields.optionalNested('voiceCode');
  return {
    accountId: fields.string('accountId'),
    email: fields.string('email'),
    passwordHash: fields.string('passwordHash'),
    createdAt: fields.timestamp('createdAt'),
    updatedAt: fields.timestamp('updatedAt'),
    sessionsNotBeforeMs: fields.integer('sessionsNotBeforeMs'),
    tokensNotBefore: fields.integer('tokensNotBefore'),
    stripeCustomerId: fields.optionalString('stripeCustomerId'),
    card: card ? parseCard(card) : undefined,
    pendingCardSetup: pending
      ? { checkoutSessionId: pending.string('checkoutSessionId'), startedAt: pending.timestamp('startedAt') }
      : undefined,
    voiceCode: voiceCode ? parseVoiceCode(voiceCode) : undefined,
  };
}

/** The voice code's state as the skill and the page word it. */
export type VoiceCodeState = 'none' | 'set' | 'locked';

export function voiceCodeState(profile: Pick<AccountProfile, 'voiceCode'>): VoiceCodeState {
  if (!profile.voiceCode) return 'none';
  return profile.voiceCode.lockedAt ? 'locked' : 'set';
}
