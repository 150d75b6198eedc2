/**
 * What the skill reads of a linked account, and the voice-code check, straight from the accounts table (one
 * consistent GetItem, a few milliseconds; no call to the account service, whose Lambda may be cold).
 *
 * The skill's role needs dynamodb:GetItem and dynamodb:UpdateItem on the accounts table (UpdateItem for the
 * voice-code attempt count, and for orders and plans in AccountActivity).
 */
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type AccountProfile, parseProfile, type VoiceCodeState, voiceCodeState } from './profile';
import type { CardOnFile } from './records';
import { itemKeys } from './table';
import type { VerifiedAccessToken } from './token-verifier';
import { isFourDigitCode, VOICE_CODE_MAX_ATTEMPTS, type VoiceCodeCheck, voiceCodeMatches } from './voice-code';

/** A linked account as the skill sees it: nothing it should store, only use within the request. */
export interface LinkedAccount {
  readonly accountId: string;
  /** For the order email only: never store it in the skill's items or logs. */
  readonly email: string;
  /** Present when a card is saved: charge `paymentMethodId` of `customerId` off-session. */
  readonly payment: { readonly stripeCustomerId: string; readonly card: Omit<CardOnFile, 'addedAt'> } | undefined;
  readonly voiceCode: VoiceCodeState;
}

export type LinkedAccountLookup =
  | { readonly kind: 'linked'; readonly account: LinkedAccount }
  /** The account was deleted, or the customer unlinked after this token was issued: ask to link again. */
  | { readonly kind: 'revoked' };

export interface AccountDirectoryOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** The voice-code pepper (the same secret the account service hashes with). */
  readonly voiceCodePepper: string;
  readonly clock?: () => Date;
}

function linkedAccount(profile: AccountProfile): LinkedAccount {
  const card = profile.card;
  return {
    accountId: profile.accountId,
    email: profile.email,
    payment:
      card && profile.stripeCustomerId
        ? {
            stripeCustomerId: profile.stripeCustomerId,
            card: {
              paymentMethodId: card.paymentMethodId,
              brand: card.brand,
              last4: card.last4,
              expMonth: card.expMonth,
              expYear: card.expYear,
            },
          }
        : undefined,
    voiceCode: voiceCodeState(profile),
  };
}

export class AccountDirectory {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly pepper: string;
  private readonly clock: () => Date;

  constructor(options: AccountDirectoryOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.pepper = options.voiceCodePepper;
    this.clock = options.clock ?? (() => new Date());
  }

  private async readProfile(accountId: string): Promise<AccountProfile | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall(itemKeys.profile(accountId)),
        ConsistentRead: true,
      }),
    );
    return Item ? parseProfile(unmarshall(Item)) : undefined;
  }

  /** The account behind a verified access token, or `revoked`. */
  async getLinkedAccount(token: VerifiedAccessToken): Promise<LinkedAccountLookup> {
    const profile = await this.readProfile(token.accountId);
    if (!profile || token.issuedAt < profile.tokensNotBefore) return { kind: 'revoked' };
    return { kind: 'linked', account: linkedAccount(profile) };
  }

  /**
   * The account by its ID, with no token to check: for the skill's scheduled job (a monthly charge, an order
   * finished after 3-D Secure). Undefined when the account was deleted.
   */
  async getAccount(accountId: string): Promise<LinkedAccount | undefined> {
    const profile = await this.readProfile(accountId);
    return profile ? linkedAccount(profile) : undefined;
  }

  /**
   * Checks a spoken four-digit code. Every wrong code is counted with a conditional write on the count it read,
   * so two devices guessing at once both count; the third wrong code locks it. A right code resets the count.
   * The digits are never logged or stored.
   */
  async verifyVoiceCode(accountId: string, digits: string): Promise<VoiceCodeCheck> {
    if (!isFourDigitCode(digits)) return { kind: 'malformed' };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const profile = await this.readProfile(accountId);
      if (!profile) return { kind: 'no-account' };
      const code = profile.voiceCode;
      if (!code) return { kind: 'not-set' };
      if (code.lockedAt) return { kind: 'locked' };
      const matches = await voiceCodeMatches(this.pepper, accountId, digits, code.hash);
      if (matches && code.failedAttempts === 0) return { kind: 'accepted' };
      const failedAttempts = matches ? 0 : code.failedAttempts + 1;
      const locks = failedAttempts >= VOICE_CODE_MAX_ATTEMPTS;
      try {
        await this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: marshall(itemKeys.profile(accountId)),
            UpdateExpression: locks
              ? 'SET voiceCode.failedAttempts = :next, voiceCode.lockedAt = :now'
              : 'SET voiceCode.failedAttempts = :next',
            ConditionExpression:
              'voiceCode.setAt = :setAt AND voiceCode.failedAttempts = :seen AND attribute_not_exists(voiceCode.lockedAt)',
            ExpressionAttributeValues: marshall({
              ':next': failedAttempts,
              ':seen': code.failedAttempts,
              ':setAt': code.setAt,
              ...(locks ? { ':now': this.clock().toISOString() } : {}),
            }),
          }),
        );
      } catch (error) {
        // Another attempt (or a new code) got there first: read again and decide on what is stored now.
        if (error instanceof ConditionalCheckFailedException) continue;
        throw error;
      }
      if (matches) return { kind: 'accepted' };
      return locks ? { kind: 'locked' } : { kind: 'rejected', attemptsLeft: VOICE_CODE_MAX_ATTEMPTS - failedAttempts };
    }
    throw new Error('The voice code kept changing while it was being checked');
  }
}
