import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsCredentials } from '../../lambda/src/app/aws-credentials';
import { loadConfig } from '../../lambda/src/app/config';

const KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SHARED_CREDENTIALS_FILE'];
const saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
let folder: string;

beforeEach(() => {
  for (const key of KEYS) delete process.env[key];
  // Keys the default chain would find (a shared credentials file's default profile): the Lambda path must not.
  folder = mkdtempSync(join(tmpdir(), 'gh-credentials-'));
  const file = join(folder, 'credentials');
  writeFileSync(
    file,
    '[default]\naws_access_key_id = AKIAFROMPROFILEFILE\naws_secret_access_key = from-profile-file\n',
  );
  process.env.AWS_SHARED_CREDENTIALS_FILE = file;
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
  for (const key of KEYS) {
    const value = saved[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

const LAMBDA = { dynamoDbEndpoint: undefined, localCredentials: undefined, onLambda: true };

describe('awsCredentials', () => {
  it('knows Lambda by the function name Lambda sets', () => {
    const base = { TABLE_NAME: 't', AWS_REGION: 'eu-west-1' };

    expect(loadConfig({ ...base, AWS_LAMBDA_FUNCTION_NAME: 'green-horizons' }).onLambda).toBe(true);
    expect(loadConfig(base).onLambda).toBe(false);
    expect(loadConfig({ ...base, AWS_LAMBDA_FUNCTION_NAME: ' ' }).onLambda).toBe(false);
  });

  it("on Lambda, reads the execution role's keys from the environment", async () => {
    process.env.AWS_ACCESS_KEY_ID = 'ASIAFROMLAMBDAENV';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret-from-lambda-env';
    process.env.AWS_SESSION_TOKEN = 'token-from-lambda-env';
    const credentials = awsCredentials(LAMBDA);

    expect(typeof credentials).toBe('function');
    const resolved = typeof credentials === 'function' ? await credentials() : credentials;
    expect(resolved).toMatchObject({
      accessKeyId: 'ASIAFROMLAMBDAENV',
      secretAccessKey: 'secret-from-lambda-env',
      sessionToken: 'token-from-lambda-env',
    });
  });

  it('on Lambda, looks nowhere else: without keys in the environment it fails, though a profile has some', async () => {
    const credentials = awsCredentials(LAMBDA);

    expect(typeof credentials).toBe('function');
    if (typeof credentials === 'function') await expect(credentials()).rejects.toThrow(/environment variable/);
  });

  it('off Lambda, leaves the choice to the SDK default chain (profiles, SSO, ...)', () => {
    expect(awsCredentials({ ...LAMBDA, onLambda: false })).toBeUndefined();
  });

  it('against a local DynamoDB server, signs with the local keys, on Lambda or not', () => {
    const local = { accessKeyId: 'dev', secretAccessKey: 'dev-secret' };

    for (const onLambda of [true, false]) {
      expect(awsCredentials({ dynamoDbEndpoint: 'http://127.0.0.1:8000', localCredentials: local, onLambda })).toBe(
        local,
      );
    }
  });
});
