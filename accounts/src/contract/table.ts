/**
 * The accounts table: one DynamoDB table with a string partition key `pk`, a string sort key `sk` and a TTL on
 * `expiresAt` (epoch seconds). The account service owns it; the skill reads and writes the items marked "skill"
 * through this folder (`accounts/src/contract`), never by its own key strings.
 *
 *   pk                          sk                what                                          written by
 *   account#<accountId>         profile           the account: email, password hash, Stripe     service; the skill
 *                                                 customer and card, voice code, token cut-off  counts voice-code tries
 *   account#<accountId>         order#<orderId>   an order as the account page lists it         skill; refund request:
 *                                                                                               service
 *   account#<accountId>         plan              the monthly plan as the account page shows it skill; cancel: service
 *   account#<accountId>         grant#<grantId>   an OAuth grant of the account (Alexa linking) service
 *   email#<email>               account           email → account ID (one account per email)   service
 *   oidc#<Model>#<id>           oidc              an oidc-provider object (payload as JSON)     service
 *   oidc#<Model>#uid#<uid>      oidc              pointer: a session's uid → its id             service
 *   oidc-grant#<grantId>        <Model>#<id>      pointer: the tokens of a grant, to revoke     service
 *   web-session#<sha256>        session           a signed-in browser (the cookie's hash)       service
 *   sign-up#<sha256>            pending           a sign-up waiting for its emailed code        service
 *   password-reset#<sha256>     reset             a password-reset link (the link's hash)       service
 *   rate#<scope>#<key>#<window> count             attempt counters (sign-in, emails)            service
 *
 * No secondary index: everything an account page shows is in the account's own partition (one Query), and every
 * other lookup is a key. Pointers are items rather than a GSI because GSIs are eventually consistent and
 * oidc-provider looks a session up by uid, and revokes a grant's tokens, right after writing them.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';

export const ACCOUNTS_TABLE_KEY_SCHEMA: readonly KeySchemaElement[] = [
  { AttributeName: 'pk', KeyType: 'HASH' },
  { AttributeName: 'sk', KeyType: 'RANGE' },
];

export const ACCOUNTS_TABLE_ATTRIBUTES: readonly AttributeDefinition[] = [
  { AttributeName: 'pk', AttributeType: 'S' },
  { AttributeName: 'sk', AttributeType: 'S' },
];

/** Items with this attribute (epoch seconds) are removed by DynamoDB's TTL; readers check it too. */
export const TTL_ATTRIBUTE = 'expiresAt';

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

const accountPartition = (accountId: string) => `account#${accountId}`;

export const itemKeys = {
  profile: (accountId: string): ItemKey => ({ pk: accountPartition(accountId), sk: 'profile' }),
  order: (accountId: string, orderId: string): ItemKey => ({ pk: accountPartition(accountId), sk: `order#${orderId}` }),
  plan: (accountId: string): ItemKey => ({ pk: accountPartition(accountId), sk: 'plan' }),
  grant: (accountId: string, grantId: string): ItemKey => ({ pk: accountPartition(accountId), sk: `grant#${grantId}` }),
  email: (email: string): ItemKey => ({ pk: `email#${email}`, sk: 'account' }),
  webSession: (tokenHash: string): ItemKey => ({ pk: `web-session#${tokenHash}`, sk: 'session' }),
  signUp: (idHash: string): ItemKey => ({ pk: `sign-up#${idHash}`, sk: 'pending' }),
  passwordReset: (tokenHash: string): ItemKey => ({ pk: `password-reset#${tokenHash}`, sk: 'reset' }),
  rate: (scope: string, key: string, window: number): ItemKey => ({
    pk: `rate#${scope}#${key}#${window}`,
    sk: 'count',
  }),
  oidc: (model: string, id: string): ItemKey => ({ pk: `oidc#${model}#${id}`, sk: 'oidc' }),
  oidcUid: (model: string, uid: string): ItemKey => ({ pk: `oidc#${model}#uid#${uid}`, sk: 'oidc' }),
  oidcGrantMember: (grantId: string, model: string, id: string): ItemKey => ({
    pk: `oidc-grant#${grantId}`,
    sk: `${model}#${id}`,
  }),
};

/** The partition of one account (all its items) and the sort-key prefixes inside it. */
export const accountItems = {
  partition: accountPartition,
  orderPrefix: 'order#',
  grantPrefix: 'grant#',
};

/** Account IDs are `acct_` and 24 lowercase hex digits; the token's `sub` is checked against this shape. */
const ACCOUNT_ID = /^acct_[0-9a-f]{24}$/;

export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT_ID.test(value);
}

/**
 * Creates the table on a local DynamoDB-compatible server (dynalite, DynamoDB Local). In AWS the CloudFormation
 * stack owns it, with the same key schema (a test compares them).
 */
export async function ensureLocalAccountsTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [...ACCOUNTS_TABLE_ATTRIBUTES],
        KeySchema: [...ACCOUNTS_TABLE_KEY_SCHEMA],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

/** Epoch seconds, as DynamoDB's TTL wants them. */
export function epochSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}
