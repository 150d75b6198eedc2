import type { DynamoDBClientResolvedConfig } from '@aws-sdk/client-dynamodb';
import { dynamoDbClientSettings } from '../../lambda/src/app/dynamodb-client-settings';

/**
 * The settings given to the DynamoDB client on Lambda must be what the AWS SDK resolves itself from the same
 * environment when there is no shared config file (as on Lambda): each case builds the client both ways and compares
 * every value the settings give. The SDK reads some values once per process (clock skew correction), so each case
 * loads a fresh copy of it.
 */
const LAMBDA_ENV = {
  AWS_REGION: 'eu-west-1',
  AWS_CONFIG_FILE: '/nonexistent/green-horizons/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/green-horizons/credentials',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

type Env = Record<string, string>;

/** The endpoint a client was given or found configured, as protocol://host:port, or 'rules' (the SDK's rules). */
async function endpointOf(config: DynamoDBClientResolvedConfig): Promise<string> {
  if (config.isCustomEndpoint && config.endpoint) {
    const { protocol, hostname, port } = await config.endpoint();
    return `${protocol}//${hostname}:${port}`;
  }
  const configured = await config.serviceConfiguredEndpoint?.();
  if (configured === undefined) return 'rules';
  const url = new URL(configured);
  return `${url.protocol}//${url.hostname}:${url.port}`;
}

async function resolved(config: DynamoDBClientResolvedConfig) {
  const call = async <T>(value: T | (() => Promise<T>) | undefined) =>
    typeof value === 'function' ? (value as () => Promise<T>)() : value;
  return {
    endpoint: await endpointOf(config),
    useFipsEndpoint: await config.useFipsEndpoint(),
    useDualstackEndpoint: await config.useDualstackEndpoint(),
    retryMode: ((await config.retryStrategy()) as { mode?: string }).mode,
    defaultsMode: await call(config.defaultsMode),
    accountIdEndpointMode: await config.accountIdEndpointMode(),
    userAgentAppId: await config.userAgentAppId(),
    authSchemePreference: await config.authSchemePreference?.(),
    disableClockSkewCorrection: await config.disableClockSkewCorrection(),
  };
}

async function bothWays(extra: Env) {
  const saved = process.env;
  const env = { ...LAMBDA_ENV, ...extra };
  process.env = { ...env };
  try {
    let DynamoDBClient: typeof import('@aws-sdk/client-dynamodb').DynamoDBClient | undefined;
    jest.isolateModules(() => {
      ({ DynamoDBClient } = require('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb'));
    });
    if (!DynamoDBClient) throw new Error('@aws-sdk/client-dynamodb did not load');
    const sdk = new DynamoDBClient({ region: 'eu-west-1' });
    const ours = new DynamoDBClient({ region: 'eu-west-1', ...dynamoDbClientSettings(env, true) });
    const result = { sdk: await resolved(sdk.config), ours: await resolved(ours.config) };
    sdk.destroy();
    ours.destroy();
    return result;
  } finally {
    process.env = saved;
  }
}

describe('dynamoDbClientSettings', () => {
  it.each<[string, Env]>([
    ['nothing set', {}],
    [
      'every variable set',
      {
        AWS_ENDPOINT_URL_DYNAMODB: 'http://dynamodb.internal:8000',
        AWS_USE_FIPS_ENDPOINT: 'true',
        AWS_USE_DUALSTACK_ENDPOINT: 'true',
        AWS_RETRY_MODE: 'adaptive',
        AWS_DEFAULTS_MODE: 'standard',
        AWS_ACCOUNT_ID_ENDPOINT_MODE: 'disabled',
        AWS_SDK_UA_APP_ID: 'green-horizons',
        AWS_AUTH_SCHEME_PREFERENCE: 'sigv4, sigv4a',
        AWS_DISABLE_CLOCK_SKEW_CORRECTION: 'true',
      },
    ],
    ['the general endpoint variable', { AWS_ENDPOINT_URL: 'http://all-services.internal:4566' }],
    [
      'configured endpoints ignored',
      { AWS_ENDPOINT_URL_DYNAMODB: 'http://dynamodb.internal:8000', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
    ],
    [
      'values the SDK does not accept',
      { AWS_USE_FIPS_ENDPOINT: 'yes', AWS_ACCOUNT_ID_ENDPOINT_MODE: 'sometimes', AWS_AUTH_SCHEME_PREFERENCE: '' },
    ],
  ])('resolves as the SDK does: %s', async (_case, env) => {
    const { sdk, ours } = await bothWays(env);

    expect(ours).toEqual(sdk);
  });

  it('leaves the SDK its own lookup off Lambda', () => {
    expect(dynamoDbClientSettings({ AWS_RETRY_MODE: 'adaptive' }, false)).toEqual({});
  });
});
