/**
 * The account service's configuration: read once from the environment (after lambda.ts has put the Secrets
 * Manager values in), validated here, and passed in. Nothing else reads process.env.
 */
import { checkCost, PASSWORD_COST, type ScryptCost } from './contract/slow-hash';
import { DEFAULT_AUDIENCE } from './contract/token-verifier';
import type { LogLevel } from './logger';

export class AccountsConfigError extends Error {
  override readonly name = 'AccountsConfigError';
}

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post';

export interface AlexaClientConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The "Alexa Redirect URLs" of the skill's account-linking page, exactly. */
  readonly redirectUris: readonly string[];
  /** Refuse authorization requests without a PKCE code_challenge (turn on with PKCE in the developer console). */
  readonly requirePkce: boolean;
  /** How Alexa sends its credentials: "HTTP Basic" (the console's default) or in the request body. */
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod;
}

export interface AccountsConfig {
  /** The public base URL: the OAuth issuer, and where links in emails point. No trailing slash. */
  readonly publicUrl: string;
  readonly tableName: string;
  readonly region: string;
  readonly dynamoDbEndpoint: string | undefined;
  readonly alexa: AlexaClientConfig;
  readonly tokens: {
    /** The access tokens' `aud` (the resource indicator): the skill checks it. */
    readonly audience: string;
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlDays: number;
  };
  readonly keysSeed: string;
  readonly voiceCodePepper: string;
  /** Undefined when no Stripe key is configured: saving a card says it is not available. */
  readonly stripe:
    | { readonly secretKey: string; readonly apiUrl: URL | undefined; readonly timeoutMs: number }
    | undefined;
  readonly email: {
    readonly from: string;
    readonly sesEndpoint: string | undefined;
    readonly configurationSet: string | undefined;
  };
  readonly passwordCost: ScryptCost;
  readonly logLevel: LogLevel;
}

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new AccountsConfigError(`${name} is required`);
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AccountsConfigError(`${name} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new AccountsConfigError(`${name} must be true or false`);
}

function url(name: string, value: string, { httpsUnlessLoopback }: { httpsUnlessLoopback: boolean }): URL {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new AccountsConfigError(`${name} is not a URL`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(loopback && parsed.protocol === 'http:' && httpsUnlessLoopback)) {
    throw new AccountsConfigError(`${name} must be https (http only on localhost)`);
  }
  return parsed;
}

const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'];

export function loadAccountsConfig(env: Env): AccountsConfig {
  const publicUrl = url('PUBLIC_URL', required(env, 'PUBLIC_URL'), { httpsUnlessLoopback: true });
  if (publicUrl.search || publicUrl.hash) throw new AccountsConfigError('PUBLIC_URL must have no query or fragment');

  const redirectUris = required(env, 'ALEXA_REDIRECT_URIS')
    .split(',')
    .map((uri) => uri.trim())
    .filter(Boolean);
  for (const uri of redirectUris) url('ALEXA_REDIRECT_URIS', uri, { httpsUnlessLoopback: true });

  const clientSecret = required(env, 'ALEXA_CLIENT_SECRET');
  if (clientSecret.length < 32) throw new AccountsConfigError('ALEXA_CLIENT_SECRET must be at least 32 characters');

  const authMethod = env.ALEXA_TOKEN_AUTH_METHOD?.trim() || 'client_secret_basic';
  if (authMethod !== 'client_secret_basic' && authMethod !== 'client_secret_post') {
    throw new AccountsConfigError('ALEXA_TOKEN_AUTH_METHOD must be client_secret_basic or client_secret_post');
  }

  const voiceCodePepper = required(env, 'VOICE_CODE_PEPPER');
  if (voiceCodePepper.length < 32) throw new AccountsConfigError('VOICE_CODE_PEPPER must be at least 32 characters');

  const stripeKey = env.STRIPE_SECRET_KEY?.trim();
  const stripeConfigured = Boolean(stripeKey && /^(sk|rk)_(test|live)_/.test(stripeKey));
  const stripeApiUrl = env.STRIPE_API_URL?.trim()
    ? url('STRIPE_API_URL', env.STRIPE_API_URL.trim(), { httpsUnlessLoopback: true })
    : undefined;

  const logLevel = LOG_LEVELS.find((level) => level === (env.LOG_LEVEL?.trim().toUpperCase() || 'INFO'));
  if (!logLevel) throw new AccountsConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  let passwordCost: ScryptCost;
  try {
    passwordCost = checkCost({
      ...PASSWORD_COST,
      log2N: integer(env, 'PASSWORD_HASH_LOG2_N', PASSWORD_COST.log2N, 10, 20),
    });
  } catch (error) {
    throw new AccountsConfigError(error instanceof Error ? error.message : 'bad PASSWORD_HASH_LOG2_N');
  }

  const dynamoDbEndpoint = env.DYNAMODB_ENDPOINT?.trim() || undefined;
  return {
    publicUrl: publicUrl.toString().replace(/\/$/, ''),
    tableName: required(env, 'ACCOUNTS_TABLE_NAME'),
    region: env.AWS_REGION?.trim() || (dynamoDbEndpoint ? 'us-east-1' : required(env, 'AWS_REGION')),
    dynamoDbEndpoint,
    alexa: {
      clientId: env.ALEXA_CLIENT_ID?.trim() || 'alexa-green-horizons',
      clientSecret,
      redirectUris,
      requirePkce: boolean(env, 'ALEXA_REQUIRE_PKCE', false),
      tokenEndpointAuthMethod: authMethod,
    },
    tokens: {
      audience: env.ACCESS_TOKEN_AUDIENCE?.trim() || DEFAULT_AUDIENCE,
      accessTokenTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 3600, 3600, 86_400),
      refreshTokenTtlDays: integer(env, 'REFRESH_TOKEN_TTL_DAYS', 180, 1, 730),
    },
    keysSeed: required(env, 'ACCOUNTS_KEYS_SEED'),
    voiceCodePepper,
    stripe:
      stripeConfigured && stripeKey
        ? {
            secretKey: stripeKey,
            apiUrl: stripeApiUrl,
            timeoutMs: integer(env, 'STRIPE_TIMEOUT_MS', 5000, 500, 20_000),
          }
        : undefined,
    email: {
      from: required(env, 'EMAIL_FROM'),
      sesEndpoint: env.SES_ENDPOINT?.trim() || undefined,
      configurationSet: env.SES_CONFIGURATION_SET?.trim() || undefined,
    },
    passwordCost,
    logLevel,
  };
}

/** The settings that come from Secrets Manager in AWS: `<NAME>_SECRET_ARN` names the secret holding `<NAME>`. */
export const SECRET_SETTINGS = [
  'ALEXA_CLIENT_SECRET',
  'ACCOUNTS_KEYS_SEED',
  'VOICE_CODE_PEPPER',
  'STRIPE_SECRET_KEY',
] as const;
