import { ConfigError, loadConfig } from '../../lambda/src/config';

describe('loadConfig', () => {
  it('reads a production configuration', () => {
    const config = loadConfig({ TABLE_NAME: 'customers', AWS_REGION: 'eu-west-1', SKILL_ID: 'amzn1.ask.skill.x' });

    expect(config).toEqual({
      tableName: 'customers',
      region: 'eu-west-1',
      dynamoDbEndpoint: undefined,
      skillId: 'amzn1.ask.skill.x',
      alexaApiTimeoutMs: 800,
      logLevel: 'INFO',
    });
  });

  it('needs no region for a local DynamoDB server', () => {
    const config = loadConfig({ TABLE_NAME: 'customers', DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' });

    expect(config.region).toBe('us-east-1');
    expect(config.dynamoDbEndpoint).toBe('http://127.0.0.1:8000');
  });

  it.each([
    [{}, /TABLE_NAME/],
    [{ TABLE_NAME: 'customers' }, /AWS_REGION/],
    [{ TABLE_NAME: 'c', DYNAMODB_ENDPOINT: 'localhost:8000' }, /DYNAMODB_ENDPOINT/],
    [{ TABLE_NAME: 'c', AWS_REGION: 'x', ALEXA_API_TIMEOUT_MS: '9000' }, /ALEXA_API_TIMEOUT_MS/],
    [{ TABLE_NAME: 'c', AWS_REGION: 'x', ALEXA_API_TIMEOUT_MS: 'fast' }, /ALEXA_API_TIMEOUT_MS/],
    [{ TABLE_NAME: 'c', AWS_REGION: 'x', LOG_LEVEL: 'chatty' }, /LOG_LEVEL/],
  ])('rejects %j with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ TABLE_NAME: 'c', AWS_REGION: 'x', SKILL_ID: '  ' }).skillId).toBeUndefined();
  });
});
