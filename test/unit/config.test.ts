import { REFUND_WINDOW_DAYS } from '../../accounts/src/contract/records';
import { DEFAULT_AUDIENCE } from '../../accounts/src/contract/token-verifier';
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
      dynamoDbClientSettings: {},
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

describe('the payment rail', () => {
  const base = { TABLE_NAME: 'c', AWS_REGION: 'us-east-1' };
  const card = {
    ...base,
    ACCOUNTS_URL: 'https://abc.lambda-url.us-east-1.on.aws/',
    ACCOUNTS_TABLE_NAME: 'accounts',
    VOICE_CODE_PEPPER_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:pepper-AbCdEf',
    STRIPE_SECRET_KEY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe-AbCdEf',
    ORDER_EMAIL_FROM: 'orders@example.com',
  };

  it('is the linked card by default: a new deployment sells on the account-linked card', () => {
    const offsets = loadConfig(card).offsets;

    expect(offsets).toMatchObject({
      rail: 'linked-card',
      sellerName: 'Green Horizons',
      currency: 'USD',
      taxCountry: 'US',
      amazonPay: undefined,
      refundWindowMs: 14 * 24 * 60 * 60_000,
      linkedCard: {
        accountsUrl: 'https://abc.lambda-url.us-east-1.on.aws',
        accountsTableName: 'accounts',
        accessTokenAudience: 'urn:green-horizons:skill',
        jwksTimeoutMs: 1500,
        voiceCodePepper: { secretArn: card.VOICE_CODE_PEPPER_SECRET_ARN },
        stripe: { secretKey: { secretArn: card.STRIPE_SECRET_KEY_SECRET_ARN }, apiUrl: undefined, timeoutMs: 2500 },
        email: { from: 'orders@example.com', sesEndpoint: undefined },
      },
    });
  });

  it('takes secrets as values locally, and a Stripe-compatible server and a seller currency', () => {
    const offsets = loadConfig({
      ...card,
      VOICE_CODE_PEPPER: 'p'.repeat(32),
      STRIPE_SECRET_KEY: 'sk_test_x',
      STRIPE_API_URL: 'http://127.0.0.1:12111',
      OFFSET_CURRENCY: 'GBP',
      OFFSET_SELLER_NAME: 'Greener Ltd',
    }).offsets;

    expect(offsets?.linkedCard?.voiceCodePepper).toEqual({ value: 'p'.repeat(32) });
    expect(offsets?.linkedCard?.stripe.apiUrl?.toString()).toBe('http://127.0.0.1:12111/');
    expect(offsets).toMatchObject({ currency: 'GBP', taxCountry: 'GB', sellerName: 'Greener Ltd' });
  });

  it('turns offsets off without the account service, and takes Amazon Pay only when asked for', () => {
    expect(loadConfig(base).offsets).toBeUndefined();
    expect(loadConfig({ ...card, PAYMENT_RAIL: 'amazon-pay' }).offsets).toBeUndefined();
    expect(loadConfig({ ...base, PAYMENT_RAIL: 'amazon-pay', AMAZON_PAY_SELLER_ID: 'A2SELLER' }).offsets).toMatchObject(
      {
        rail: 'amazon-pay',
        linkedCard: undefined,
      },
    );
  });

  it.each([
    [{ ...card, PAYMENT_RAIL: 'paypal' }, /PAYMENT_RAIL/],
    [{ ...base, AMAZON_PAY_SELLER_ID: 'A2SELLER' }, /set PAYMENT_RAIL=amazon-pay/],
    [{ ...card, ACCOUNTS_TABLE_NAME: undefined }, /ACCOUNTS_TABLE_NAME/],
    [{ ...card, ORDER_EMAIL_FROM: undefined }, /ORDER_EMAIL_FROM/],
    [{ ...card, STRIPE_SECRET_KEY_SECRET_ARN: undefined }, /STRIPE_SECRET_KEY or STRIPE_SECRET_KEY_SECRET_ARN/],
    [{ ...card, VOICE_CODE_PEPPER_SECRET_ARN: 'pepper' }, /Secrets Manager ARN/],
    [{ ...card, STRIPE_TIMEOUT_MS: '9000' }, /STRIPE_TIMEOUT_MS/],
    [{ ...card, ACCOUNTS_URL: 'accounts.example.com' }, /ACCOUNTS_URL/],
  ])('rejects %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('uses the account service’s own audience and refund window (the contract’s constants)', () => {
    expect(loadConfig(card).offsets?.linkedCard?.accessTokenAudience).toBe(DEFAULT_AUDIENCE);
    expect(loadConfig(card).offsets?.refundWindowMs).toBe(REFUND_WINDOW_DAYS * 24 * 60 * 60_000);
  });
});
