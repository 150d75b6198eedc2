import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The DynamoDB client's settings that the AWS SDK would otherwise look up itself, on Lambda: each one read from the
 * environment variable the SDK reads, with the SDK's own default when it is not set. The SDK looks in the
 * environment first and then in the shared config file (~/.aws/config), and that file lookup loaded node:fs/promises
 * and node:readline and read the disk in the middle of the first DynamoDB call. A Lambda function has no such file
 * (as with credentials, aws-credentials.ts: on Lambda the environment is the only source), so the values are the
 * same and the first call is shorter. Off Lambda (tests, tools) the SDK keeps its own lookup: `{}`.
 *
 * The values the SDK resolves, and where (@aws-sdk/client-dynamodb runtimeConfig, @smithy/core endpoints):
 * - endpoint: AWS_ENDPOINT_URL_DYNAMODB, else AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true;
 *   none: the SDK's endpoint rules for the region (and no configured-endpoint lookup);
 * - useFipsEndpoint, useDualstackEndpoint: AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT ("true"/"false"), false;
 * - retryMode: AWS_RETRY_MODE, else "standard" (what every defaults mode gives);
 * - defaultsMode: AWS_DEFAULTS_MODE, else "legacy" (the SDK checks the value itself);
 * - accountIdEndpointMode: AWS_ACCOUNT_ID_ENDPOINT_MODE (disabled, preferred, required), else "preferred";
 * - userAgentAppId: AWS_SDK_UA_APP_ID, else none (a provider: an absent value would make the SDK look it up);
 * - authSchemePreference: AWS_AUTH_SCHEME_PREFERENCE (a comma-separated list), else none;
 * - disableClockSkewCorrection: AWS_DISABLE_CLOCK_SKEW_CORRECTION ("true"/"false"), else false.
 * A value the SDK would not accept (AWS_USE_FIPS_ENDPOINT=yes) is passed over, as the SDK passes over it: its default.
 * test/unit/dynamodb-client-settings.test.ts checks these against the SDK's own resolution.
 */
export function dynamoDbClientSettings(env: Env, onLambda: boolean): Partial<DynamoDBClientConfig> {
  if (!onLambda) return {};
  const ignoreConfigured = booleanSetting(env, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS') ?? false;
  const endpoint = ignoreConfigured
    ? undefined
    : (set(env, 'AWS_ENDPOINT_URL_DYNAMODB') ?? set(env, 'AWS_ENDPOINT_URL'));
  const mode = set(env, 'AWS_ACCOUNT_ID_ENDPOINT_MODE');
  const accountIdEndpointMode = mode !== undefined && ACCOUNT_ID_ENDPOINT_MODES.includes(mode) ? mode : 'preferred';
  const appId = set(env, 'AWS_SDK_UA_APP_ID');
  const authSchemePreference = env.AWS_AUTH_SCHEME_PREFERENCE;
  return {
    ...(endpoint === undefined ? { ignoreConfiguredEndpointUrls: true } : { endpoint }),
    useFipsEndpoint: booleanSetting(env, 'AWS_USE_FIPS_ENDPOINT') ?? false,
    useDualstackEndpoint: booleanSetting(env, 'AWS_USE_DUALSTACK_ENDPOINT') ?? false,
    retryMode: set(env, 'AWS_RETRY_MODE') ?? 'standard',
    defaultsMode: (set(env, 'AWS_DEFAULTS_MODE') ?? 'legacy') as DynamoDBClientConfig['defaultsMode'],
    accountIdEndpointMode: accountIdEndpointMode as DynamoDBClientConfig['accountIdEndpointMode'],
    userAgentAppId: () => Promise.resolve(appId),
    disableClockSkewCorrection: booleanSetting(env, 'AWS_DISABLE_CLOCK_SKEW_CORRECTION') ?? false,
    authSchemePreference: authSchemePreference === undefined ? [] : commaList(authSchemePreference),
  };
}

const ACCOUNT_ID_ENDPOINT_MODES: readonly string[] = ['disabled', 'preferred', 'required'];

/** The SDK's own reading of an environment variable: unset when missing or empty. */
function set(env: Env, key: string): string | undefined {
  const value = env[key];
  return value === undefined || value === '' ? undefined : value;
}

/** As the SDK reads it: "true" or "false"; anything else is passed over (the SDK then takes its default). */
function booleanSetting(env: Env, key: string): boolean | undefined {
  const value = env[key];
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** "sigv4, sigv4a" as the SDK splits it. */
function commaList(value: string): string[] {
  return value.length > 0 ? value.split(',').map((item) => item.trim()) : [];
}
