/**
 * The account service on this machine, on embedded defaults: dynalite for DynamoDB, the Stripe and SES stand-ins,
 * and Amazon's side of account linking, all on 127.0.0.1. `npm run accounts` runs it; the simulator (and tests)
 * call `startAccountsLocally()` and get the URLs and a `stop()`.
 *
 *   const accounts = await startAccountsLocally({ dynamoDbEndpoint });   // share the simulator's dynalite
 *   console.log(accounts.url);                                            // the account page's base URL
 *   await accounts.stop();
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AlexaLinkingStandIn } from '../../tools/stand-ins/alexa-account-linking';
import { startLocalDynamoDb } from '../../tools/stand-ins/local-dynamodb';
import { listenOnLoopback } from '../../tools/stand-ins/loopback';
import { SesStandIn } from '../../tools/stand-ins/ses-api';
import { StripeStandIn } from '../../tools/stand-ins/stripe';
import { type AccountsServiceParts, accountsDynamoDb, composeAccountsService } from '../src/compose';
import { type AccountsConfig, loadAccountsConfig } from '../src/config';
import { ensureLocalAccountsTable } from '../src/contract/table';
import { OFFSETS_SCOPE } from '../src/contract/token-verifier';
import type { AccountsLogger } from '../src/logger';

export interface LocalAccountsOptions {
  /** Default 0 (any free port); `npm run accounts` passes PORT (default 3000). */
  readonly port?: number;
  /** Default 127.0.0.1. The public URL uses `localhost` for it. */
  readonly host?: string;
  /** A running DynamoDB-compatible server to share (the simulator's dynalite); default: a new dynalite. */
  readonly dynamoDbEndpoint?: string;
  readonly tableName?: string;
  /** Password hashing cost (log2 N); default the production 17. Tests use less. */
  readonly passwordHashLog2N?: number;
  /** Require PKCE from the Alexa client (and make the linking stand-in send it). Default false, as Alexa's default. */
  readonly requirePkce?: boolean;
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  readonly logger?: AccountsLogger;
  readonly clock?: () => Date;
}

export interface LocalAccounts {
  /** The service's base URL (issuer, account page at `${url}/account`). */
  readonly url: string;
  readonly config: AccountsConfig;
  readonly parts: AccountsServiceParts;
  readonly stripe: StripeStandIn;
  readonly ses: SesStandIn;
  readonly alexa: AlexaLinkingStandIn;
  readonly dynamoDbEndpoint: string;
  stop(): Promise<void>;
}

const secret = () => randomBytes(32).toString('base64url');

export async function startAccountsLocally(options: LocalAccountsOptions = {}): Promise<LocalAccounts> {
  const host = options.host ?? '127.0.0.1';
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const dynamo = options.dynamoDbEndpoint ? undefined : await startLocalDynamoDb();
    if (dynamo) stops.push(() => dynamo.close());
    const dynamoDbEndpoint = options.dynamoDbEndpoint ?? dynamo?.url ?? '';
    const [stripe, ses, alexa] = await Promise.all([
      StripeStandIn.start(),
      SesStandIn.start(),
      AlexaLinkingStandIn.start(),
    ]);
    stops.push(
      () => stripe.close(),
      () => ses.close(),
      () => alexa.close(),
    );

    const server = createServer();
    await listenOnLoopback(server, options.port ?? 0, host);
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const { port } = server.address() as AddressInfo;
    const url = `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`;

    const config = loadAccountsConfig({
      PUBLIC_URL: url,
      ACCOUNTS_TABLE_NAME: options.tableName ?? 'green-horizons-accounts',
      DYNAMODB_ENDPOINT: dynamoDbEndpoint,
      AWS_REGION: 'us-east-1',
      ALEXA_CLIENT_ID: 'alexa-green-horizons',
      ALEXA_CLIENT_SECRET: secret(),
      ALEXA_REDIRECT_URIS: alexa.redirectUri,
      ALEXA_REQUIRE_PKCE: options.requirePkce ? 'true' : 'false',
      ACCOUNTS_KEYS_SEED: secret(),
      VOICE_CODE_PEPPER: secret(),
      STRIPE_SECRET_KEY: stripe.apiKey,
      STRIPE_API_URL: stripe.url,
      SES_ENDPOINT: ses.url,
      EMAIL_FROM: 'Green Horizons <accounts@green-horizons.test>',
      PASSWORD_HASH_LOG2_N: String(options.passwordHashLog2N ?? 17),
      LOG_LEVEL: options.logLevel ?? 'WARN',
    });
    const dynamoDb = accountsDynamoDb(config);
    stops.push(async () => dynamoDb.destroy());
    await ensureLocalAccountsTable(dynamoDb, config.tableName);
    const parts = composeAccountsService({
      config,
      dynamoDb,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    server.on('request', parts.listener);

    alexa.configure({
      authorizationUrl: `${url}/auth`,
      tokenUrl: `${url}/token`,
      clientId: config.alexa.clientId,
      clientSecret: config.alexa.clientSecret,
      scope: OFFSETS_SCOPE,
      pkce: options.requirePkce ?? false,
    });

    return { url, config, parts, stripe, ses, alexa, dynamoDbEndpoint, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
