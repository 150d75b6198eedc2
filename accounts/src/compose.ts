/**
 * The composition root: builds the stores, Stripe, SES, oidc-provider and the web application from the
 * configuration. Used by the Lambda entry (lambda.ts), the local runner (local.ts) and tests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type Koa from 'koa';
import type Provider from 'oidc-provider';
import type { AccountsConfig } from './config';
import { AccountActivity } from './contract/activity';
import { createSesEmailSender, type EmailSender } from './contract/email-sender';
import { deriveServiceKeys } from './crypto/keys';
import { type AccountsLogger, createLogger, describeError } from './logger';
import { createProvider, revokeGrant } from './oidc/provider';
import { type CardVault, createStripeCardVault, stripeClient } from './payments/card-vault';
import { AccountService } from './service';
import { AccountStore } from './store/account-store';
import type { Table } from './store/dynamo';
import { createOidcAdapter } from './store/oidc-adapter';
import { PasswordResets, PendingSignUps, RateLimiter, WebSessions } from './store/short-lived';
import { createWebApp } from './web/app';
import type { AppState } from './web/context';
import { render } from './web/context';
import { messagePage } from './web/pages';

export interface AccountsServiceParts {
  readonly app: Koa<AppState>;
  readonly provider: Provider;
  readonly service: AccountService;
  readonly accounts: AccountStore;
  readonly activity: AccountActivity;
  /** The Node request listener (node:http locally, serverless-http on Lambda). */
  readonly listener: (request: IncomingMessage, response: ServerResponse) => void;
  readonly dynamoDb: DynamoDBClient;
}

export interface ComposeOptions {
  readonly config: AccountsConfig;
  /** Defaults: built from the configuration. */
  readonly dynamoDb?: DynamoDBClient;
  readonly vault?: CardVault;
  readonly mailer?: EmailSender;
  readonly logger?: AccountsLogger;
  readonly clock?: () => Date;
  /** True on Lambda (TLS ends at the function URL). */
  readonly behindProxy?: boolean;
}

/** A DynamoDB client with timeouts well inside a web request (and Alexa's 4.5 s for the token endpoint). */
export function accountsDynamoDb(config: Pick<AccountsConfig, 'region' | 'dynamoDbEndpoint'>): DynamoDBClient {
  return new DynamoDBClient({
    region: config.region,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 1500 },
    ...(config.dynamoDbEndpoint
      ? {
          endpoint: config.dynamoDbEndpoint,
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
}

export function sesMailer(config: AccountsConfig): EmailSender {
  const client = new SESv2Client({
    region: config.region,
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 },
    ...(config.email.sesEndpoint
      ? { endpoint: config.email.sesEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  return createSesEmailSender({
    client,
    from: config.email.from,
    ...(config.email.configurationSet ? { configurationSetName: config.email.configurationSet } : {}),
  });
}

export function composeAccountsService(options: ComposeOptions): AccountsServiceParts {
  const { config } = options;
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? createLogger(config.logLevel);
  const dynamoDb = options.dynamoDb ?? accountsDynamoDb(config);
  const table: Table = { client: dynamoDb, name: config.tableName };
  const keys = deriveServiceKeys(config.keysSeed);

  const accounts = new AccountStore(table, clock);
  const activity = new AccountActivity({ client: dynamoDb, tableName: config.tableName, clock });
  const vault = options.vault ?? (config.stripe ? createStripeCardVault(stripeClient(config.stripe)) : undefined);

  const provider = createProvider({
    issuer: config.publicUrl,
    alexa: config.alexa,
    audience: config.tokens.audience,
    accessTokenTtlSeconds: config.tokens.accessTokenTtlSeconds,
    refreshTokenTtlDays: config.tokens.refreshTokenTtlDays,
    signingKeys: keys.signingKeys,
    cookieKeys: keys.cookieKeys,
    adapter: createOidcAdapter(table, clock),
    findProfile: (accountId) => accounts.get(accountId),
    renderError: (ctx, out) => {
      const known =
        out.error === 'invalid_request' || out.error === 'invalid_client' || out.error === 'invalid_redirect_uri';
      render(
        ctx,
        messagePage(
          { csrf: '', signedInEmail: undefined },
          'This link cannot be used',
          known
            ? 'The request to link Alexa was not valid. Start again from the Alexa app.'
            : 'Something went wrong while linking Alexa. Start again from the Alexa app.',
        ),
        Math.max(ctx.status, 400),
      );
    },
    behindProxy: options.behindProxy ?? false,
  });

  // oidc-provider's own failures (a 500 at /token, say) are logged safely; client errors are answered, not logged.
  provider.on('server_error', (_ctx: unknown, error: unknown) =>
    logger.error('oidc-provider error', describeError(error)),
  );

  const service = new AccountService({
    accounts,
    sessions: new WebSessions(table, clock),
    signUps: new PendingSignUps(table, clock, keys.signUpCodeKey),
    resets: new PasswordResets(table, clock),
    limiter: new RateLimiter(table, clock),
    activity,
    vault,
    mailer: options.mailer ?? sesMailer(config),
    revokeGrant: (grantId) => revokeGrant(provider, grantId),
    publicUrl: config.publicUrl,
    alexaClientId: config.alexa.clientId,
    passwordCost: config.passwordCost,
    voiceCodePepper: config.voiceCodePepper,
    clock,
    logger,
  });

  // Stripe's pages the browser is sent to after a form: Checkout (saving a card) and the bank's 3-D Secure page.
  const stripePages = config.stripe?.apiUrl
    ? [config.stripe.apiUrl.origin]
    : ['https://checkout.stripe.com', 'https://hooks.stripe.com'];
  const app = createWebApp({
    publicUrl: config.publicUrl,
    provider,
    service,
    accounts,
    csrfKeys: keys.csrfKeys,
    formTargets: [...config.alexa.redirectUris, ...stripePages],
    behindProxy: options.behindProxy ?? false,
    logger,
  });

  return { app, provider, service, accounts, activity, listener: app.callback(), dynamoDb };
}
