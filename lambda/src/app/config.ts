import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  ACCESS_TOKEN_AUDIENCE,
  type AmazonPayConfig,
  amazonPayConfigProblems,
  type CheckoutLanguage,
  type CountryOfEstablishment,
  type Currency,
  DEFAULT_OFFSET_PRICING,
  type DeclineReason,
  isCurrency,
  LEDGER_CURRENCY,
  type LinkedCardConfig,
  type OffsetConfig,
  type OffsetPricing,
  pricingProblems,
  RAIL_NAMES,
  REFUND_WINDOW_MS,
  type Secret,
  taxCountryCode,
} from '../features/offsets';
import { ConfigError } from '../shared/errors';
import { LOG_LEVELS, type LogLevel } from '../shared/logger';
import { dynamoDbClientSettings } from './dynamodb-client-settings';

export type { OffsetConfig };

/**
 * Configuration, read from the environment once at cold start and validated there, so that a
 * misconfigured deployment fails on its first request with a clear log line rather than mid-dialog.
 * Every variable is documented in README.md ("Configuration").
 */

export interface Config {
  /** DynamoDB table holding customer state (partition key `id`). */
  readonly tableName: string;
  /** AWS region of the table. */
  readonly region: string;
  /** A local DynamoDB-compatible server (dynalite, DynamoDB Local). When set, the table is created if missing. */
  readonly dynamoDbEndpoint: string | undefined;
  /**
   * With a local server only: the credentials to sign with (it accepts any). AWS_ACCESS_KEY_ID and
   * AWS_SECRET_ACCESS_KEY when set, else dummy ones, so no AWS account is needed.
   */
  readonly localCredentials: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
  /**
   * Running on AWS Lambda (which sets AWS_LAMBDA_FUNCTION_NAME for every function): the AWS SDK clients take the
   * execution role's credentials from the environment, where Lambda puts them, and look nowhere else.
   */
  readonly onLambda: boolean;
  /**
   * On Lambda: the DynamoDB client's endpoint, retry mode and the like, from the environment variables the AWS SDK
   * reads, so that it does not look for a shared config file on the first call (dynamodb-client-settings.ts); `{}`
   * elsewhere (the SDK's own lookup).
   */
  readonly dynamoDbClientSettings: Partial<DynamoDBClientConfig>;
  /** When set, requests for any other skill ID are rejected. */
  readonly skillId: string | undefined;
  /** Timeout for calls to Alexa service APIs (in-skill products), in milliseconds. */
  readonly alexaApiTimeoutMs: number;
  /**
   * The turn's deadline: how long after a request arrives every outbound call must have answered, in milliseconds
   * (capped by the Lambda's remaining time); then the turn apologises and asks again. docs/architecture.md has the
   * arithmetic ("Time budget").
   */
  readonly turnDeadlineMs: number;
  /** The DynamoDB client's timeouts per attempt and its attempts per call (the SDK's standard retry mode). */
  readonly dynamoDbTimeouts: DynamoDbTimeouts;
  /** Log level for the structured logger (SILENT for tests and the simulator). */
  readonly logLevel: LogLevel;
  /**
   * Selling offsets on the rail PAYMENT_RAIL names (default linked-card); undefined (the feature is off, and never
   * mentioned) without that rail's settings: ACCOUNTS_URL for the linked card, AMAZON_PAY_SELLER_ID for Amazon Pay.
   */
  readonly offsets: OffsetConfig | undefined;
}

export interface DynamoDbTimeouts {
  /** For a new connection to be made. */
  readonly connectTimeoutMs: number;
  /** For one attempt's answer to start (and for a stalled answer). */
  readonly requestTimeoutMs: number;
  /** Attempts per call, the first included. */
  readonly maxAttempts: number;
}

export { ConfigError };

type Env = Readonly<Record<string, string | undefined>>;

function optional(env: Env, key: string): string | undefined {
  const value = env[key]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function required(env: Env, key: string): string {
  const value = optional(env, key);
  if (value === undefined) throw new ConfigError(`${key} must be set`);
  return value;
}

function integerInRange(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${key} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export function loadConfig(env: Env = process.env): Config {
  const dynamoDbEndpoint = optional(env, 'DYNAMODB_ENDPOINT');
  if (dynamoDbEndpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(dynamoDbEndpoint)) {
    throw new ConfigError('DYNAMODB_ENDPOINT must be an http(s) URL');
  }
  const logLevel = (optional(env, 'LOG_LEVEL') ?? 'INFO').toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const onLambda = optional(env, 'AWS_LAMBDA_FUNCTION_NAME') !== undefined;
  return {
    offsets: loadOffsetConfig(env),
    tableName: required(env, 'TABLE_NAME'),
    region: optional(env, 'AWS_REGION') ?? (dynamoDbEndpoint ? 'us-east-1' : required(env, 'AWS_REGION')),
    dynamoDbEndpoint,
    localCredentials: dynamoDbEndpoint
      ? {
          accessKeyId: optional(env, 'AWS_ACCESS_KEY_ID') ?? 'local',
          secretAccessKey: optional(env, 'AWS_SECRET_ACCESS_KEY') ?? 'local',
        }
      : undefined,
    onLambda,
    dynamoDbClientSettings: dynamoDbClientSettings(env, onLambda),
    skillId: optional(env, 'SKILL_ID'),
    alexaApiTimeoutMs: integerInRange(env, 'ALEXA_API_TIMEOUT_MS', 800, 50, 5000),
    turnDeadlineMs: integerInRange(env, 'TURN_DEADLINE_MS', 6000, 50, 7000),
    dynamoDbTimeouts: {
      connectTimeoutMs: integerInRange(env, 'DYNAMODB_CONNECT_TIMEOUT_MS', 250, 10, 5000),
      requestTimeoutMs: integerInRange(env, 'DYNAMODB_REQUEST_TIMEOUT_MS', 500, 10, 5000),
      maxAttempts: integerInRange(env, 'DYNAMODB_MAX_ATTEMPTS', 2, 1, 5),
    },
    logLevel: logLevel as Config['logLevel'],
  };
}

const COUNTRIES: readonly CountryOfEstablishment[] = ['US', 'UK', 'DE', 'FR', 'IT', 'ES', 'AT', 'IE', 'JP'];
const LANGUAGES: readonly CheckoutLanguage[] = ['en_US', 'en_GB', 'de_DE', 'fr_FR', 'it_IT', 'es_ES', 'ja_JP'];
const DECLINES: readonly DeclineReason[] = [
  'InvalidPaymentMethod',
  'AmazonRejected',
  'ProcessingFailure',
  'TransactionTimedOut',
];
const DEFAULT_LANGUAGE: Readonly<Record<CountryOfEstablishment, CheckoutLanguage>> = {
  US: 'en_US',
  UK: 'en_GB',
  DE: 'de_DE',
  FR: 'fr_FR',
  IT: 'it_IT',
  ES: 'es_ES',
  AT: 'de_DE',
  IE: 'en_GB',
  JP: 'ja_JP',
};

function oneOf<T extends string>(env: Env, key: string, allowed: readonly T[], fallback: T): T {
  const value = optional(env, key) ?? fallback;
  const found = allowed.find((candidate) => candidate === value);
  if (!found) throw new ConfigError(`${key} must be one of ${allowed.join(', ')}`);
  return found;
}

function httpUrl(env: Env, key: string): string | undefined {
  const value = optional(env, key);
  if (value !== undefined && !/^https?:\/\/[^\s]+$/.test(value)) throw new ConfigError(`${key} must be an http(s) URL`);
  return value?.replace(/\/+$/, '');
}

/** Where a card seller's tax is due by default: the country of its currency (euro: set OFFSET_TAX_COUNTRY). */
function defaultTaxCountry(currency: Currency): string {
  return { USD: 'US', GBP: 'GB', EUR: 'DE', JPY: 'JP' }[currency];
}

/** OFFSET_TAX_RATES: "GB:2000,DE:1900" (basis points; 2000 = 20%), merged over the defaults. */
function taxRates(env: Env): Record<string, number> {
  const rates: Record<string, number> = { ...DEFAULT_OFFSET_PRICING.taxRates };
  for (const pair of (optional(env, 'OFFSET_TAX_RATES') ?? '').split(',').filter(Boolean)) {
    const [country, points] = pair.split(':').map((part) => part.trim());
    const value = Number(points);
    if (!country || !/^[A-Z]{2}$/.test(country) || !Number.isInteger(value) || value < 0 || value > 10000) {
      throw new ConfigError('OFFSET_TAX_RATES must look like GB:2000,DE:1900 (basis points)');
    }
    rates[country] = value;
  }
  return rates;
}

function perCurrency(env: Env, prefix: string, defaults: Readonly<Record<Currency, number>>): Record<Currency, number> {
  const result = { ...defaults };
  for (const currency of Object.keys(defaults)) {
    if (isCurrency(currency))
      result[currency] = integerInRange(env, `${prefix}_${currency}`, defaults[currency], 0, 100_000_000);
  }
  return result;
}

function secret(env: Env, key: string): Secret {
  const value = optional(env, key);
  if (value !== undefined) return { value };
  const arn = optional(env, `${key}_SECRET_ARN`);
  if (arn === undefined) throw new ConfigError(`${key} or ${key}_SECRET_ARN must be set`);
  if (!/^arn:aws[\w-]*:secretsmanager:/.test(arn))
    throw new ConfigError(`${key}_SECRET_ARN must be a Secrets Manager ARN`);
  return { secretArn: arn };
}

/** The linked-card rail's settings, when ACCOUNTS_URL says where the account service is. */
function loadLinkedCard(env: Env): LinkedCardConfig | undefined {
  const accountsUrl = httpUrl(env, 'ACCOUNTS_URL');
  if (accountsUrl === undefined) return undefined;
  const stripeApiUrl = httpUrl(env, 'STRIPE_API_URL');
  return {
    accountsUrl,
    accountsTableName: required(env, 'ACCOUNTS_TABLE_NAME'),
    accessTokenAudience: optional(env, 'ACCESS_TOKEN_AUDIENCE') ?? ACCESS_TOKEN_AUDIENCE,
    jwksTimeoutMs: integerInRange(env, 'ACCOUNTS_JWKS_TIMEOUT_MS', 1500, 100, 3000),
    voiceCodePepper: secret(env, 'VOICE_CODE_PEPPER'),
    stripe: {
      secretKey: secret(env, 'STRIPE_SECRET_KEY'),
      apiUrl: stripeApiUrl ? new URL(stripeApiUrl) : undefined,
      timeoutMs: integerInRange(env, 'STRIPE_TIMEOUT_MS', 2500, 200, 5000),
    },
    email: {
      from: required(env, 'ORDER_EMAIL_FROM'),
      sesEndpoint: httpUrl(env, 'SES_ENDPOINT'),
      configurationSet: optional(env, 'SES_CONFIGURATION_SET'),
    },
    secretsTimeoutMs: integerInRange(env, 'SECRETS_TIMEOUT_MS', 1500, 100, 5000),
  };
}

/** The Amazon Pay settings, when AMAZON_PAY_SELLER_ID is set. */
function loadAmazonPay(env: Env): AmazonPayConfig | undefined {
  const sellerId = optional(env, 'AMAZON_PAY_SELLER_ID');
  if (sellerId === undefined) return undefined;
  const country = oneOf(env, 'AMAZON_PAY_COUNTRY_OF_ESTABLISHMENT', COUNTRIES, 'US');
  const currency = oneOf(
    env,
    'AMAZON_PAY_LEDGER_CURRENCY',
    ['USD', 'GBP', 'EUR', 'JPY'] as const,
    LEDGER_CURRENCY[country],
  );
  const sandboxEmail = optional(env, 'AMAZON_PAY_SANDBOX_CUSTOMER_EMAIL');
  const decline = optional(env, 'AMAZON_PAY_SANDBOX_DECLINE');
  const softDescriptor = optional(env, 'AMAZON_PAY_SOFT_DESCRIPTOR');
  const amazonPay: AmazonPayConfig = {
    sellerId,
    countryOfEstablishment: country,
    ledgerCurrency: currency,
    checkoutLanguage: oneOf(env, 'AMAZON_PAY_CHECKOUT_LANGUAGE', LANGUAGES, DEFAULT_LANGUAGE[country]),
    storeName: optional(env, 'AMAZON_PAY_STORE_NAME') ?? optional(env, 'OFFSET_SELLER_NAME') ?? 'Green Horizons',
    ...(softDescriptor ? { softDescriptor } : {}),
    ...(sandboxEmail
      ? {
          sandbox: {
            customerEmailId: sandboxEmail,
            ...(decline
              ? { simulateDecline: oneOf(env, 'AMAZON_PAY_SANDBOX_DECLINE', DECLINES, 'AmazonRejected') }
              : {}),
          },
        }
      : {}),
  };
  const problems = amazonPayConfigProblems(amazonPay);
  if (problems.length > 0) throw new ConfigError(`Offset configuration: ${problems.join('; ')}`);
  return amazonPay;
}

function loadOffsetConfig(env: Env): OffsetConfig | undefined {
  const rail = oneOf(env, 'PAYMENT_RAIL', RAIL_NAMES, 'linked-card');
  const amazonPay = rail === 'amazon-pay' ? loadAmazonPay(env) : undefined;
  const linkedCard = rail === 'linked-card' ? loadLinkedCard(env) : undefined;
  if (rail === 'linked-card' && !linkedCard && optional(env, 'AMAZON_PAY_SELLER_ID') !== undefined) {
    throw new ConfigError(
      'AMAZON_PAY_SELLER_ID is set but PAYMENT_RAIL is linked-card: set PAYMENT_RAIL=amazon-pay, or ACCOUNTS_URL',
    );
  }
  if (!amazonPay && !linkedCard) return undefined;
  const country = amazonPay?.countryOfEstablishment ?? 'US';
  const currency = amazonPay
    ? amazonPay.ledgerCurrency
    : oneOf(env, 'OFFSET_CURRENCY', ['USD', 'GBP', 'EUR', 'JPY'] as const, 'USD');
  const pricing: OffsetPricing = {
    pricePerTonne: perCurrency(env, 'OFFSET_PRICE_PER_TONNE', DEFAULT_OFFSET_PRICING.pricePerTonne),
    minimumCharge: perCurrency(env, 'OFFSET_MINIMUM_CHARGE', DEFAULT_OFFSET_PRICING.minimumCharge),
    taxRates: taxRates(env),
  };
  const taxCountry = taxCountryCode(
    optional(env, 'OFFSET_TAX_COUNTRY') ?? (linkedCard ? defaultTaxCountry(currency) : country),
  );
  const problems = pricingProblems(pricing, currency, taxCountry);
  if (problems.length > 0) throw new ConfigError(`Offset configuration: ${problems.join('; ')}`);

  const providerKind = oneOf(env, 'OFFSET_PROVIDER', ['ledger', 'clearing-house'] as const, 'ledger');
  const clearingHouseUrl = httpUrl(env, 'CLEARING_HOUSE_URL');
  const provider: OffsetConfig['provider'] =
    providerKind === 'ledger'
      ? { kind: 'ledger' }
      : {
          kind: 'clearing-house',
          baseUrl: clearingHouseUrl ?? required(env, 'CLEARING_HOUSE_URL'),
          apiKey: required(env, 'CLEARING_HOUSE_API_KEY'),
          timeoutMs: integerInRange(env, 'CLEARING_HOUSE_TIMEOUT_MS', 1500, 100, 5000),
          maxAttempts: integerInRange(env, 'CLEARING_HOUSE_MAX_ATTEMPTS', 2, 1, 5),
        };
  const apiUrl = amazonPay ? httpUrl(env, 'AMAZON_PAY_API_URL') : undefined;
  return {
    rail,
    sellerName: amazonPay?.storeName ?? optional(env, 'OFFSET_SELLER_NAME') ?? 'Green Horizons',
    amazonPay,
    linkedCard,
    pricing,
    currency,
    taxCountry,
    quoteValidMs: integerInRange(env, 'OFFSET_QUOTE_VALID_MINUTES', 30, 1, 24 * 60) * 60_000,
    refundWindowMs: REFUND_WINDOW_MS,
    provider,
    amazonPayApi: apiUrl
      ? {
          baseUrl: apiUrl,
          apiKey: optional(env, 'AMAZON_PAY_API_KEY'),
          timeoutMs: integerInRange(env, 'AMAZON_PAY_API_TIMEOUT_MS', 3000, 100, 20000),
        }
      : undefined,
  };
}
