/**
 * Accounts: the profile item, the email index item, the account's OAuth grant links, and deleting an account's
 * data. Every change is one conditional write on the item it changes.
 */
import { randomBytes } from 'node:crypto';
import { GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { Fields } from '../contract/fields';
import { type AccountProfile, parseProfile } from '../contract/profile';
import type { CardOnFile, StoredVoiceCode } from '../contract/records';
import { accountItems, epochSeconds, type ItemKey, itemKeys } from '../contract/table';
import { applied, deleteItems, queryPartition, type Table } from './dynamo';

export function newAccountId(): string {
  return `acct_${randomBytes(12).toString('hex')}`;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** An OAuth grant of the account (written by the oidc adapter when oidc-provider saves a Grant). */
export interface GrantLink {
  readonly grantId: string;
  readonly clientId: string;
  readonly createdAt: string;
}

export class AccountStore {
  constructor(
    private readonly table: Table,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private now(): string {
    return this.clock().toISOString();
  }

  /** Creates the account, or answers `email-taken` when another account has that email. */
  async create(input: { accountId: string; email: string; passwordHash: string }): Promise<'created' | 'email-taken'> {
    const email = normaliseEmail(input.email);
    const claimed = await applied(
      this.table.client.send(
        new PutItemCommand({
          TableName: this.table.name,
          Item: marshall({ ...itemKeys.email(email), itemType: 'email', accountId: input.accountId }),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
    if (!claimed) return 'email-taken';
    const now = this.now();
    await this.table.client.send(
      new PutItemCommand({
        TableName: this.table.name,
        Item: marshall({
          ...itemKeys.profile(input.accountId),
          itemType: 'account',
          accountId: input.accountId,
          email,
          passwordHash: input.passwordHash,
          createdAt: now,
          updatedAt: now,
          sessionsNotBeforeMs: 0,
          tokensNotBefore: 0,
        }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return 'created';
  }

  async findAccountId(email: string): Promise<string | undefined> {
    const { Item } = await this.table.client.send(
      new GetItemCommand({
        TableName: this.table.name,
        Key: marshall(itemKeys.email(normaliseEmail(email))),
        ConsistentRead: true,
      }),
    );
    return Item ? Fields.of(unmarshall(Item), 'email').string('accountId') : undefined;
  }

  async get(accountId: string): Promise<AccountProfile | undefined> {
    const { Item } = await this.table.client.send(
      new GetItemCommand({
        TableName: this.table.name,
        Key: marshall(itemKeys.profile(accountId)),
        ConsistentRead: true,
      }),
    );
    return Item ? parseProfile(unmarshall(Item)) : undefined;
  }

  /** One UpdateItem on an existing profile; false when the profile is gone or `condition` failed. */
  private update(
    accountId: string,
    change: { readonly set?: readonly string[]; readonly remove?: readonly string[] },
    values: Record<string, unknown>,
    condition?: string,
  ): Promise<boolean> {
    const sets = [...(change.set ?? []), 'updatedAt = :updatedAt'];
    const removes = change.remove ?? [];
    return applied(
      this.table.client.send(
        new UpdateItemCommand({
          TableName: this.table.name,
          Key: marshall(itemKeys.profile(accountId)),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: condition ? `attribute_exists(pk) AND (${condition})` : 'attribute_exists(pk)',
          ExpressionAttributeValues: marshall({ ...values, ':updatedAt': this.now() }, { removeUndefinedValues: true }),
        }),
      ),
    );
  }

  /** A new password; browser sessions made before now are signed out. */
  setPassword(accountId: string, passwordHash: string): Promise<boolean> {
    return this.update(
      accountId,
      { set: ['passwordHash = :hash', 'sessionsNotBeforeMs = :cutoff'] },
      {
        ':hash': passwordHash,
        ':cutoff': this.clock().getTime(),
      },
    );
  }

  /** Rehash with the current cost, only if the stored hash is still the one verified. */
  upgradePasswordHash(accountId: string, oldHash: string, newHash: string): Promise<boolean> {
    return this.update(
      accountId,
      { set: ['passwordHash = :hash'] },
      { ':hash': newHash, ':old': oldHash },
      'passwordHash = :old',
    );
  }

  /** Keeps the first Stripe customer made for the account; returns the one stored. */
  async setStripeCustomer(accountId: string, customerId: string): Promise<string | undefined> {
    await this.update(
      accountId,
      { set: ['stripeCustomerId = :customer'] },
      { ':customer': customerId },
      'attribute_not_exists(stripeCustomerId)',
    );
    return (await this.get(accountId))?.stripeCustomerId;
  }

  setPendingCardSetup(accountId: string, checkoutSessionId: string): Promise<boolean> {
    return this.update(
      accountId,
      { set: ['pendingCardSetup = :pending'] },
      {
        ':pending': { checkoutSessionId, startedAt: this.now() },
      },
    );
  }

  /** Saves the card from a settled setup (only if that setup is still the pending one, when one is named). */
  saveCard(accountId: string, card: CardOnFile, fromSession?: string): Promise<boolean> {
    return this.update(
      accountId,
      { set: ['card = :card'], remove: ['pendingCardSetup'] },
      { ':card': card, ...(fromSession ? { ':session': fromSession } : {}) },
      fromSession ? 'pendingCardSetup.checkoutSessionId = :session' : undefined,
    );
  }

  clearPendingCardSetup(accountId: string, checkoutSessionId: string): Promise<boolean> {
    return this.update(
      accountId,
      { remove: ['pendingCardSetup'] },
      { ':session': checkoutSessionId },
      'pendingCardSetup.checkoutSessionId = :session',
    );
  }

  removeCard(accountId: string, paymentMethodId: string): Promise<boolean> {
    return this.update(accountId, { remove: ['card'] }, { ':pm': paymentMethodId }, 'card.paymentMethodId = :pm');
  }

  setVoiceCode(accountId: string, code: StoredVoiceCode): Promise<boolean> {
    return this.update(accountId, { set: ['voiceCode = :code'] }, { ':code': code });
  }

  removeVoiceCode(accountId: string): Promise<boolean> {
    return this.update(accountId, { remove: ['voiceCode'] }, {});
  }

  /** Access tokens issued up to now stop working (the skill compares their `iat`). */
  revokeTokensIssuedUntilNow(accountId: string): Promise<boolean> {
    return this.update(
      accountId,
      { set: ['tokensNotBefore = :cutoff'] },
      { ':cutoff': epochSeconds(this.clock()) + 1 },
    );
  }

  async listGrants(accountId: string): Promise<GrantLink[]> {
    const items = await queryPartition(this.table, accountItems.partition(accountId), accountItems.grantPrefix);
    const now = epochSeconds(this.clock());
    return items
      .map((item) => unmarshall(item))
      .filter((item) => typeof item.expiresAt !== 'number' || item.expiresAt > now)
      .map((item) => {
        const fields = Fields.of(item, 'grant link');
        return {
          grantId: fields.string('grantId'),
          clientId: fields.string('clientId'),
          createdAt: fields.timestamp('createdAt'),
        };
      });
  }

  /** Deletes every item of the account's partition (profile, orders, plan, grant links) and its email item. */
  async deleteAll(accountId: string, email: string): Promise<void> {
    const items = await queryPartition(this.table, accountItems.partition(accountId));
    const keys: ItemKey[] = items.map((item) => {
      const { pk, sk } = unmarshall(item) as ItemKey;
      return { pk, sk };
    });
    // The profile goes last: until then a retry finds the account and finishes the job.
    const profileKey = itemKeys.profile(accountId);
    await deleteItems(
      this.table,
      keys.filter((key) => key.sk !== profileKey.sk),
    );
    await deleteItems(this.table, [itemKeys.email(normaliseEmail(email))]);
    await deleteItems(this.table, [profileKey]);
  }
}
