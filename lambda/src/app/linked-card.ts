/**
 * The linked-card rail's adapters, built on first use: the accounts port (jose verifier and the accounts table),
 * Stripe, the account page's records and the order email (SES v2), with the Stripe key and the voice-code pepper read
 * from Secrets Manager once per container. scripts/build.mjs bundles this module on its own beside index.js (with the
 * stripe library, jose and the SES and Secrets Manager clients), so that a cold start that sells nothing pays for
 * none of it; app/adapters.ts requires it inside the first call that needs it.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import {
  AccountActivity,
  AccountDirectory,
  createAccessTokenVerifier,
  createSesEmailSender,
} from '../../../accounts/src/contract';
import { createAccountsDirectory } from '../features/accounts/adapters/account-directory';
import type {
  AccountRecords,
  LinkedCardConfig,
  MerchantCharges,
  OrderMailer,
  PaymentRail,
  Secret,
} from '../features/offsets';
import { createAccountRecords } from '../features/offsets/adapters/account-records';
import {
  createCardMerchantCharges,
  createLinkedCardRail,
  stripeClient,
} from '../features/offsets/adapters/linked-card-rail';
import { createOrderMailer } from '../features/offsets/adapters/order-mailer';
import { ConfigError } from '../shared/errors';
import { type AppLogger, describeError } from '../shared/logger';

export interface LinkedCardAdapters {
  readonly rail: PaymentRail;
  readonly records: AccountRecords;
  readonly mailer: OrderMailer;
  readonly merchantCharges: MerchantCharges;
}

export interface LinkedCardContext {
  readonly config: LinkedCardConfig;
  readonly region: string;
  readonly dynamoDb: DynamoDBClient;
  readonly sellerName: string;
  readonly logger: Pick<AppLogger, 'warn'>;
  readonly clock: () => Date;
  /**
   * Who calls Stripe: the conversation (one try within the request, a short timeout: the scheduled job retries with
   * the same key) or the scheduled job (outside Alexa's 8 seconds: a longer timeout and two retries).
   */
  readonly caller: 'conversation' | 'job';
}

const secrets = new Map<string, Promise<string>>();

/** A secret's value: as configured, or read from Secrets Manager once per container (a failure is retried). */
export function secretValue(secret: Secret, region: string, timeoutMs: number): Promise<string> {
  if ('value' in secret) return Promise.resolve(secret.value);
  const cached = secrets.get(secret.secretArn);
  if (cached) return cached;
  const read = (async () => {
    const client = new SecretsManagerClient({ region, maxAttempts: 2 });
    try {
      const answer = await client.send(new GetSecretValueCommand({ SecretId: secret.secretArn }), {
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
      if (!answer.SecretString || answer.SecretString === 'not-set') {
        throw new ConfigError('The secret has no value yet (put it in with aws secretsmanager put-secret-value)');
      }
      return answer.SecretString;
    } finally {
      client.destroy();
    }
  })();
  secrets.set(secret.secretArn, read);
  read.catch(() => secrets.delete(secret.secretArn));
  return read;
}

export async function createLinkedCardAdapters(context: LinkedCardContext): Promise<LinkedCardAdapters> {
  const { config, region, dynamoDb, clock } = context;
  const [pepper, stripeKey] = await Promise.all([
    secretValue(config.voiceCodePepper, region, config.secretsTimeoutMs),
    secretValue(config.stripe.secretKey, region, config.secretsTimeoutMs),
  ]);
  const directory = new AccountDirectory({
    client: dynamoDb,
    tableName: config.accountsTableName,
    voiceCodePepper: pepper,
    clock,
  });
  const accounts = createAccountsDirectory({
    verify: createAccessTokenVerifier({
      issuer: config.accountsUrl,
      audience: config.accessTokenAudience,
      timeoutMs: config.jwksTimeoutMs,
      clock,
    }),
    directory,
    onUnavailable: (error) =>
      context.logger.warn('Account not read', { event: 'account-unread', ...describeError(error) }),
  });
  const job = context.caller === 'job';
  const stripe = stripeClient({
    secretKey: stripeKey,
    ...(config.stripe.apiUrl ? { apiUrl: config.stripe.apiUrl } : {}),
    timeoutMs: job ? 10_000 : config.stripe.timeoutMs,
    maxNetworkRetries: job ? 2 : 0,
  });
  const ses = new SESv2Client({
    region,
    maxAttempts: job ? 3 : 1,
    ...(config.email.sesEndpoint
      ? { endpoint: config.email.sesEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  return {
    rail: createLinkedCardRail({ stripe, accounts, clock, timeoutMs: job ? 10_000 : config.stripe.timeoutMs }),
    merchantCharges: createCardMerchantCharges({ stripe, accounts, clock, timeoutMs: 10_000 }),
    records: createAccountRecords({
      activity: new AccountActivity({ client: dynamoDb, tableName: config.accountsTableName, clock }),
      directory,
      accountsUrl: config.accountsUrl,
      clock,
    }),
    mailer: createOrderMailer({
      sender: createSesEmailSender({
        client: ses,
        from: config.email.from,
        timeoutMs: job ? 5000 : 1500,
        ...(config.email.configurationSet ? { configurationSetName: config.email.configurationSet } : {}),
      }),
      directory,
      accountsUrl: config.accountsUrl,
      sellerName: context.sellerName,
    }),
  };
}
