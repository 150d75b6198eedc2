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
  /** When set, requests for any other skill ID are rejected. */
  readonly skillId: string | undefined;
  /** Timeout for calls to Alexa service APIs (in-skill products), in milliseconds. */
  readonly alexaApiTimeoutMs: number;
  /** Log level for the structured logger. */
  readonly logLevel: (typeof LOG_LEVELS)[number];
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;

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
  return {
    tableName: required(env, 'TABLE_NAME'),
    region: optional(env, 'AWS_REGION') ?? (dynamoDbEndpoint ? 'us-east-1' : required(env, 'AWS_REGION')),
    dynamoDbEndpoint,
    skillId: optional(env, 'SKILL_ID'),
    alexaApiTimeoutMs: integerInRange(env, 'ALEXA_API_TIMEOUT_MS', 800, 50, 5000),
    logLevel: logLevel as Config['logLevel'],
  };
}
