/**
 * Four-digit voice codes. Only a slow hash is stored: scrypt over an HMAC of the digits keyed with a server-side
 * pepper (a secret in Secrets Manager, shared by the account service and the skill). Without the pepper, a copy
 * of the table does not let anyone try the 10,000 codes offline.
 */
import { createHmac } from 'node:crypto';
import { type ScryptCost, slowHash, VOICE_CODE_COST, verifySlowHash } from './slow-hash';

export const VOICE_CODE_MAX_ATTEMPTS = 3;

export function isFourDigitCode(value: string): boolean {
  return /^[0-9]{4}$/.test(value);
}

function peppered(pepper: string, accountId: string, digits: string): Buffer {
  if (pepper.length < 16) throw new RangeError('The voice-code pepper must be at least 16 characters');
  return createHmac('sha256', pepper).update(`green-horizons/voice-code/${accountId}/${digits}`).digest();
}

export function hashVoiceCode(
  pepper: string,
  accountId: string,
  digits: string,
  cost: ScryptCost = VOICE_CODE_COST,
): Promise<string> {
  if (!isFourDigitCode(digits)) throw new RangeError('A voice code is four digits');
  return slowHash(peppered(pepper, accountId, digits), cost);
}

export function voiceCodeMatches(pepper: string, accountId: string, digits: string, stored: string): Promise<boolean> {
  return verifySlowHash(stored, peppered(pepper, accountId, digits));
}

/** The answer to one spoken code. */
export type VoiceCodeCheck =
  | { readonly kind: 'accepted' }
  /** Wrong; `attemptsLeft` more wrong codes lock it (1 or 2). */
  | { readonly kind: 'rejected'; readonly attemptsLeft: number }
  /** Locked after three wrong codes (now or earlier): even the right code is refused until reset on the page. */
  | { readonly kind: 'locked' }
  /** The account has no voice code: nothing to ask. */
  | { readonly kind: 'not-set' }
  /** Not four digits: not counted as an attempt (ask again). */
  | { readonly kind: 'malformed' }
  | { readonly kind: 'no-account' };
