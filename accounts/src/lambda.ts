/**
 * The account service's Lambda entry, behind its HTTPS function URL (payload format 2.0). At the first request of a
 * container it reads its secrets from Secrets Manager (`<NAME>_SECRET_ARN` → `<NAME>`), validates the
 * configuration and builds the service; every request then goes through serverless-http to the same Koa
 * application that serves node:http locally.
 *
 * PUBLIC_URL (the OAuth issuer) is the stack's custom domain when one is set; otherwise it is the function URL
 * itself, read from the request context (AWS sets `domainName`; a client cannot), because a function cannot be
 * given its own URL in its environment without a circular reference in the template.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import serverless from 'serverless-http';
import { composeAccountsService } from './compose';
import { loadAccountsConfig, SECRET_SETTINGS } from './config';
import { createLogger, describeError } from './logger';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

const logger = createLogger((process.env.LOG_LEVEL?.toUpperCase() as 'INFO' | undefined) ?? 'INFO');

async function readSecrets(env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const client = new SecretsManagerClient({
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
  });
  try {
    const entries = await Promise.all(
      SECRET_SETTINGS.filter((name) => env[`${name}_SECRET_ARN`]).map(async (name) => {
        const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: env[`${name}_SECRET_ARN`] }));
        if (!SecretString) throw new Error(`The secret for ${name} has no string value`);
        return [name, SecretString.trim()] as const;
      }),
    );
    return Object.fromEntries(entries);
  } finally {
    client.destroy();
  }
}

async function build(event: APIGatewayProxyEventV2): Promise<Handler> {
  const secrets = await readSecrets(process.env);
  const publicUrl = process.env.PUBLIC_URL?.trim() || `https://${event.requestContext.domainName}`;
  const config = loadAccountsConfig({ ...process.env, ...secrets, PUBLIC_URL: publicUrl });
  const parts = composeAccountsService({ config, logger, behindProxy: true });
  return serverless(parts.app) as unknown as Handler;
}

let ready: Promise<Handler> | undefined;

export const handler = async (event: APIGatewayProxyEventV2, context: Context): Promise<unknown> => {
  ready ??= build(event).catch((error: unknown) => {
    ready = undefined;
    logger.error('account service could not start', describeError(error));
    throw error;
  });
  const serve = await ready;
  // Function URLs leave `body` out when there is none; serverless-http wants a string.
  return serve({ ...event, body: event.body ?? '' }, context);
};
