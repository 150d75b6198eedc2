import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { Config } from './config';

/** What AWS SDK clients are given as `credentials`: keys, a provider, or undefined for the SDK's default chain. */
export type AwsCredentials = DynamoDBClientConfig['credentials'];

/**
 * Where the AWS SDK clients get their credentials from:
 * - against a local DynamoDB-compatible server (`DYNAMODB_ENDPOINT`): the configuration's local keys;
 * - on Lambda: the execution role's keys, which Lambda puts in the environment (`@aws-sdk/credential-provider-env`),
 *   and nothing else. The Lambda bundle carries no default chain (profiles, SSO, process, web identity, container
 *   and instance metadata): scripts/build.mjs leaves `@aws-sdk/credential-provider-node` out of it, which saves
 *   cold start;
 * - anywhere else (tests, tools and scripts run from source): undefined, which is the SDK's default chain.
 */
export function awsCredentials(
  config: Pick<Config, 'dynamoDbEndpoint' | 'localCredentials' | 'onLambda'>,
): AwsCredentials {
  if (config.dynamoDbEndpoint !== undefined) return config.localCredentials;
  return config.onLambda ? fromEnv() : undefined;
}
