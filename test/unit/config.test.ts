import { ConfigError, loadConfig } from '../../lambda/src/app/config';

describe('loadConfig', () => {
  it('reads a production configuration', () => {
    const config = loadConfig({ TABLE_NAME: 'customers', AWS_REGION: 'eu-west-1', SKILL_ID: 'amzn1.ask.skill.x' });

    expect(config).toEqual({
      tableName: 'customers',
      region: 'eu-west-1',
      dynamoDbEndpoint: undefined,
      skillId: 'amzn1.ask.skill.x',
      alexaApiTimeoutMs: 800,
      turnDeadlineMs: 6000,
      dynamoDbTimeouts: { connectTimeoutMs: 250, requestTimeoutMs: 500, maxAttempts: 2 },
      logLevel: 'INFO',
      offsets: undefined,
      onLambda: false,
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
    [{ TABLE_NAME: 'c', AWS_REGION: 'x', TURN_DEADLINE_MS: '8000' }, /TURN_DEADLINE_MS/],
    [{ TABLE_NAME: 'c', AWS_REGION: 'x', DYNAMODB_REQUEST_TIMEOUT_MS: '0' }, /DYNAMODB_REQUEST_TIMEOUT_MS/],
    [{ TABLE_NAME: 'c', AWS_REGION: 'x', DYNAMODB_MAX_ATTEMPTS: '9' }, /DYNAMODB_MAX_ATTEMPTS/],
  ])('rejects %j with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('sells offsets only with a seller ID, in the ledger currency of the seller country, in sandbox when asked', () => {
    const offsets = loadConfig({
      TABLE_NAME: 'c',
      AWS_REGION: 'eu-west-2',
      PAYMENT_RAIL: 'amazon-pay',
      AMAZON_PAY_SELLER_ID: 'A2SELLER',
      AMAZON_PAY_COUNTRY_OF_ESTABLISHMENT: 'UK',
      AMAZON_PAY_SANDBOX_CUSTOMER_EMAIL: 'sandbox-buyer@example.com',
      OFFSET_TAX_RATES: 'GB:2000',
    }).offsets;

    expect(offsets?.currency).toBe('GBP');
    expect(offsets?.taxCountry).toBe('GB');
    expect(offsets?.amazonPay).toMatchObject({
      sellerId: 'A2SELLER',
      checkoutLanguage: 'en_GB',
      storeName: 'Green Horizons',
    });
    expect(offsets?.amazonPay?.sandbox).toEqual({ customerEmailId: 'sandbox-buyer@example.com' });
    expect(offsets?.provider).toEqual({ kind: 'ledger' });
  });

  it.each([
    [{ AMAZON_PAY_COUNTRY_OF_ESTABLISHMENT: 'XX' }, /AMAZON_PAY_COUNTRY_OF_ESTABLISHMENT/],
    [{ AMAZON_PAY_COUNTRY_OF_ESTABLISHMENT: 'JP', AMAZON_PAY_LEDGER_CURRENCY: 'USD' }, /Offset configuration/],
    [{ OFFSET_TAX_RATES: 'GB=20' }, /OFFSET_TAX_RATES/],
    [{ OFFSET_PROVIDER: 'clearing-house' }, /CLEARING_HOUSE_URL/],
  ])('rejects offset settings %j', (extra, message) => {
    expect(() =>
      loadConfig({
        TABLE_NAME: 'c',
        AWS_REGION: 'x',
        PAYMENT_RAIL: 'amazon-pay',
        AMAZON_PAY_SELLER_ID: 'A2SELLER',
        ...extra,
      }),
    ).toThrow(message);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ TABLE_NAME: 'c', AWS_REGION: 'x', SKILL_ID: '  ' }).skillId).toBeUndefined();
  });
});
