/**
 * Short-lived items, each keyed by the SHA-256 of a random secret that only the browser (cookie) or the email (link)
 * holds, so a copy of the table gives no usable session or link: browser sessions, sign-ups waiting for their code,
 * password-reset links, and attempt counters. All carry `expiresAt` (DynamoDB TTL removes them; reads check it).
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { Fields } from '../contract/fields';
import { epochSeconds, itemKeys } from '../contract/table';
import { applied, type Table } from './dynamo';

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

type Clock = () => Date;

abstract class ShortLived {
  constructor(
    protected readonly table: Table,
    protected readonly clock: Clock,
  ) {}

  protected nowSeconds(): number {
    return epochSeconds(this.clock());
  }

  /** The item if it exists and has not expired. */
  protected async read(key: { pk: string; sk: string }): Promise<Fields | undefined> {
    const { Item } = await this.table.client.send(
      new GetItemCommand({ TableName: this.table.name, Key: marshall(key), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const fields = Fields.of(unmarshall(Item), key.pk.split('#')[0] ?? 'item');
    return fields.integer('expiresAt') > this.nowSeconds() ? fields : undefined;
  }

  protected async remove(key: { pk: string; sk: string }): Promise<void> {
    await this.table.client.send(new DeleteItemCommand({ TableName: this.table.name, Key: marshall(key) }));
  }
}

// ---------------------------------------------------------------------------------------------------------------

export interface WebSession {
  readonly accountId: string;
  /** Epoch milliseconds. */
  readonly createdAtMs: number;
}

export const WEB_SESSION_SECONDS = 14 * 24 * 60 * 60;

export class WebSessions extends ShortLived {
  /** Starts a session; the returned token goes in the cookie and nowhere else. */
  async create(accountId: string): Promise<string> {
    const token = randomToken();
    await this.table.client.send(
      new PutItemCommand({
        TableName: this.table.name,
        Item: marshall({
          ...itemKeys.webSession(sha256(token)),
          itemType: 'web-session',
          accountId,
          createdAtMs: this.clock().getTime(),
          expiresAt: this.nowSeconds() + WEB_SESSION_SECONDS,
        }),
      }),
    );
    return token;
  }

  async find(token: string): Promise<WebSession | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const fields = await this.read(itemKeys.webSession(sha256(token)));
    return fields ? { accountId: fields.string('accountId'), createdAtMs: fields.integer('createdAtMs') } : undefined;
  }

  destroy(token: string): Promise<void> {
    return this.remove(itemKeys.webSession(sha256(token)));
  }
}

// ---------------------------------------------------------------------------------------------------------------

export const SIGN_UP_SECONDS = 30 * 60;
export const SIGN_UP_MAX_WRONG_CODES = 5;

export interface PendingSignUp {
  readonly email: string;
  /** Undefined when the email already had an account: then no code can be right (and the email said so). */
  readonly passwordHash: string | undefined;
  readonly wrongCodes: number;
}

export type CodeCheck =
  | { readonly kind: 'right'; readonly signUp: PendingSignUp }
  | { readonly kind: 'wrong'; readonly attemptsLeft: number }
  | { readonly kind: 'expired' };

/** Sign-ups waiting for the six-digit code emailed to the address (proof that the address is the customer's). */
export class PendingSignUps extends ShortLived {
  constructor(
    table: Table,
    clock: Clock,
    private readonly codeKey: Buffer,
  ) {
    super(table, clock);
  }

  private codeHash(id: string, code: string): Buffer {
    return createHmac('sha256', this.codeKey).update(`${id}/${code}`).digest();
  }

  /** Records the sign-up; returns its ID (for the browser's cookie) and the code (for the email). */
  async create(email: string, passwordHash: string | undefined): Promise<{ id: string; code: string }> {
    const id = randomToken();
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    const now = this.nowSeconds();
    await this.table.client.send(
      new PutItemCommand({
        TableName: this.table.name,
        Item: marshall(
          {
            ...itemKeys.signUp(sha256(id)),
            itemType: 'sign-up',
            email,
            passwordHash,
            codeHash: this.codeHash(id, code).toString('base64url'),
            wrongCodes: 0,
            expiresAt: now + SIGN_UP_SECONDS,
          },
          { removeUndefinedValues: true },
        ),
      }),
    );
    return { id, code };
  }

  async email(id: string): Promise<string | undefined> {
    return (await this.read(itemKeys.signUp(sha256(id))))?.string('email');
  }

  /** Checks a code; the sign-up is used up by a right code and by the fifth wrong one. */
  async check(id: string, code: string): Promise<CodeCheck> {
    const key = itemKeys.signUp(sha256(id));
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const fields = await this.read(key);
      if (!fields) return { kind: 'expired' };
      const wrongCodes = fields.integer('wrongCodes');
      const passwordHash = fields.optionalString('passwordHash');
      const expected = Buffer.from(fields.string('codeHash'), 'base64url');
      const right =
        /^\d{6}$/.test(code) && passwordHash !== undefined && timingSafeEqual(this.codeHash(id, code), expected);
      if (right) {
        const used = await applied(
          this.table.client.send(
            new DeleteItemCommand({
              TableName: this.table.name,
              Key: marshall(key),
              ConditionExpression: 'wrongCodes = :seen',
              ExpressionAttributeValues: marshall({ ':seen': wrongCodes }),
            }),
          ),
        );
        if (!used) continue;
        return { kind: 'right', signUp: { email: fields.string('email'), passwordHash, wrongCodes } };
      }
      const next = wrongCodes + 1;
      if (next >= SIGN_UP_MAX_WRONG_CODES) {
        await this.remove(key);
        return { kind: 'expired' };
      }
      const counted = await applied(
        this.table.client.send(
          new UpdateItemCommand({
            TableName: this.table.name,
            Key: marshall(key),
            UpdateExpression: 'SET wrongCodes = :next',
            ConditionExpression: 'wrongCodes = :seen',
            ExpressionAttributeValues: marshall({ ':next': next, ':seen': wrongCodes }),
          }),
        ),
      );
      if (counted) return { kind: 'wrong', attemptsLeft: SIGN_UP_MAX_WRONG_CODES - next };
    }
    return { kind: 'expired' };
  }
}

// ---------------------------------------------------------------------------------------------------------------

export const PASSWORD_RESET_SECONDS = 60 * 60;

export class PasswordResets extends ShortLived {
  async create(accountId: string): Promise<string> {
    const token = randomToken();
    await this.table.client.send(
      new PutItemCommand({
        TableName: this.table.name,
        Item: marshall({
          ...itemKeys.passwordReset(sha256(token)),
          itemType: 'password-reset',
          accountId,
          expiresAt: this.nowSeconds() + PASSWORD_RESET_SECONDS,
        }),
      }),
    );
    return token;
  }

  /** The account a link is for, without using it up (opening the link only shows the form). */
  async peek(token: string): Promise<string | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    return (await this.read(itemKeys.passwordReset(sha256(token))))?.string('accountId');
  }

  /** Uses the link up (once: a conditional delete) and returns its account. */
  async consume(token: string): Promise<string | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    try {
      const { Attributes } = await this.table.client.send(
        new DeleteItemCommand({
          TableName: this.table.name,
          Key: marshall(itemKeys.passwordReset(sha256(token))),
          ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
          ExpressionAttributeValues: marshall({ ':now': this.nowSeconds() }),
          ReturnValues: 'ALL_OLD',
        }),
      );
      return Attributes ? Fields.of(unmarshall(Attributes), 'password-reset').string('accountId') : undefined;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------

/** Fixed-window counters in DynamoDB (shared by every Lambda container). */
export class RateLimiter extends ShortLived {
  private key(scope: string, key: string, windowSeconds: number) {
    const window = Math.floor(this.nowSeconds() / windowSeconds);
    return { key: itemKeys.rate(scope, sha256(key).slice(0, 32), window), expires: (window + 1) * windowSeconds + 60 };
  }

  /** Counts one event in the current window of `windowSeconds`; returns the count so far. */
  async count(scope: string, key: string, windowSeconds: number): Promise<number> {
    const { key: itemKey, expires } = this.key(scope, key, windowSeconds);
    const { Attributes } = await this.table.client.send(
      new UpdateItemCommand({
        TableName: this.table.name,
        Key: marshall(itemKey),
        UpdateExpression: 'ADD attempts :one SET expiresAt = if_not_exists(expiresAt, :expires), itemType = :type',
        ExpressionAttributeValues: marshall({ ':one': 1, ':expires': expires, ':type': 'rate' }),
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.attempts?.N ?? '1');
  }

  /** Counts one attempt; false when it is over `limit` in the current window. */
  async allow(scope: string, key: string, limit: number, windowSeconds: number): Promise<boolean> {
    return (await this.count(scope, key, windowSeconds)) <= limit;
  }

  /** True when `limit` events were counted in the current window already (nothing is counted). */
  async reached(scope: string, key: string, limit: number, windowSeconds: number): Promise<boolean> {
    const fields = await this.read(this.key(scope, key, windowSeconds).key);
    return (fields?.optionalInteger('attempts') ?? 0) >= limit;
  }
}
