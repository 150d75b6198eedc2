import type { interfaces } from 'ask-sdk-model';
import {
  type AmazonPayConfig,
  AmazonPayRequestError,
  amazonPayConfigProblems,
  buildChargeRequest,
  buildSetupRequest,
  classifyChargeResponse,
  classifySetupResponse,
  RUNTIME_ERROR_CODES,
} from '../../../lambda/src/features/offsets/domain/amazon-pay';
import { money } from '../../../lambda/src/features/offsets/domain/money';

const live: AmazonPayConfig = {
  sellerId: 'A1SELLER2EXAMPLE',
  countryOfEstablishment: 'US',
  ledgerCurrency: 'USD',
  checkoutLanguage: 'en_US',
  storeName: 'Green Horizons',
  softDescriptor: 'GreenHorizons',
};
const sandbox: AmazonPayConfig = { ...live, sandbox: { customerEmailId: 'buyer-test@example.com' } };

const order = {
  orderId: 'o0123456789abcdef01234567',
  authorizationReferenceId: 'o0123456789abcdef01234567-1',
  amount: money(1778, 'USD'),
};

// A buyer's personal data as Amazon Pay may send it: none of it may come out of a classifier.
const personal = {
  billingAddress: { name: 'Liam Barker', addressLine1: '1 Secret Street', city: 'Neunkirchen', postalCode: '66538' },
  destination: { name: 'Liam Barker', phone: '+49 123' },
  buyerId: 'amzn1.account.BUYERSECRET',
  email: 'liam@example.com',
};

describe('buildSetupRequest', () => {
  it('builds the documented SetupAmazonPayRequest for a one-off order, every nested object typed and versioned', () => {
    const payload = buildSetupRequest(sandbox, {
      sellerBillingAgreementId: 'o0123456789abcdef01234567',
      billingAgreementType: 'CustomerInitiatedTransaction',
      sellerNote: 'Carbon offset from Green Horizons',
    });

    expect(payload).toEqual({
      '@type': 'SetupAmazonPayRequest',
      '@version': '2',
      sellerId: 'A1SELLER2EXAMPLE',
      countryOfEstablishment: 'US',
      ledgerCurrency: 'USD',
      checkoutLanguage: 'en_US',
      needAmazonShippingAddress: false,
      sandboxMode: true,
      sandboxCustomerEmailId: 'buyer-test@example.com',
      billingAgreementAttributes: {
        '@type': 'BillingAgreementAttributes',
        '@version': '2',
        sellerNote: 'Carbon offset from Green Horizons',
        billingAgreementType: 'CustomerInitiatedTransaction',
        sellerBillingAgreementAttributes: {
          '@type': 'SellerBillingAgreementAttributes',
          '@version': '2',
          sellerBillingAgreementId: 'o0123456789abcdef01234567',
          storeName: 'Green Horizons',
        },
      },
    });
  });

  it('adds the subscription amount as a typed Price for a merchant-initiated (monthly) agreement, live without sandbox fields', () => {
    const payload = buildSetupRequest(live, {
      sellerBillingAgreementId: 'p0123456789abcdef01234567',
      billingAgreementType: 'MerchantInitiatedTransaction',
      subscriptionAmount: money(1500, 'USD'),
    });

    expect(payload.sandboxMode).toBe(false);
    expect(payload).not.toHaveProperty('sandboxCustomerEmailId');
    expect(payload.billingAgreementAttributes).toMatchObject({
      billingAgreementType: 'MerchantInitiatedTransaction',
      subscriptionAmount: { '@type': 'Price', '@version': '2', amount: '15.00', currencyCode: 'USD' },
    });
  });

  it('refuses a subscription in another currency than the ledger', () => {
    expect(() =>
      buildSetupRequest(live, {
        sellerBillingAgreementId: 'p1',
        billingAgreementType: 'MerchantInitiatedTransaction',
        subscriptionAmount: money(1500, 'EUR'),
      }),
    ).toThrow(AmazonPayRequestError);
  });
});

describe('buildChargeRequest', () => {
  it('builds the documented ChargeAmazonPayRequest: AuthorizeAndCapture, our order ID as reference and seller order ID', () => {
    const payload = buildChargeRequest(live, {
      billingAgreementId: 'C01-1234567-1234567',
      order,
      note: 'Carbon offset: 1235 kg CO2e, certificate by email',
    });

    expect(payload).toEqual({
      '@type': 'ChargeAmazonPayRequest',
      '@version': '2',
      sellerId: 'A1SELLER2EXAMPLE',
      billingAgreementId: 'C01-1234567-1234567',
      paymentAction: 'AuthorizeAndCapture',
      authorizeAttributes: {
        '@type': 'AuthorizeAttributes',
        '@version': '2',
        authorizationReferenceId: 'o0123456789abcdef01234567-1',
        authorizationAmount: { '@type': 'Price', '@version': '2', amount: '17.78', currencyCode: 'USD' },
        transactionTimeout: 0,
        sellerAuthorizationNote: 'Carbon offset: 1235 kg CO2e, certificate by email',
        softDescriptor: 'GreenHorizons',
      },
      sellerOrderAttributes: {
        '@type': 'SellerOrderAttributes',
        '@version': '2',
        sellerOrderId: 'o0123456789abcdef01234567',
        storeName: 'Green Horizons',
      },
    });
  });

  it('writes yen without decimals', () => {
    const jp: AmazonPayConfig = {
      ...live,
      countryOfEstablishment: 'JP',
      ledgerCurrency: 'JPY',
      checkoutLanguage: 'ja_JP',
    };

    const payload = buildChargeRequest(jp, {
      billingAgreementId: 'C01',
      order: { ...order, amount: money(633, 'JPY') },
    });

    expect(payload.authorizeAttributes.authorizationAmount).toEqual({
      '@type': 'Price',
      '@version': '2',
      amount: '633',
      currencyCode: 'JPY',
    });
  });

  it('simulates a sandbox decline through sellerAuthorizationNote when configured', () => {
    const declining: AmazonPayConfig = {
      ...sandbox,
      sandbox: { customerEmailId: 'buyer-test@example.com', simulateDecline: 'InvalidPaymentMethod' },
    };

    const payload = buildChargeRequest(declining, {
      billingAgreementId: 'C01',
      order,
      note: 'ignored in the simulation',
    });

    expect(JSON.parse(payload.authorizeAttributes.sellerAuthorizationNote ?? '')).toEqual({
      SandboxSimulation: { State: 'Declined', ReasonCode: 'InvalidPaymentMethod' },
    });
  });

  it('enforces the documented lengths: reference ≤ 32, note ≤ 255, soft descriptor ≤ 16', () => {
    const reference = 'x'.repeat(33);

    expect(() =>
      buildChargeRequest(live, { billingAgreementId: 'C01', order: { ...order, authorizationReferenceId: reference } }),
    ).toThrow(AmazonPayRequestError);
    expect(() => buildChargeRequest(live, { billingAgreementId: 'C01', order, note: 'n'.repeat(256) })).toThrow(
      AmazonPayRequestError,
    );
    expect(() =>
      buildChargeRequest({ ...live, softDescriptor: 'Green Horizons Ltd' }, { billingAgreementId: 'C01', order }),
    ).toThrow(AmazonPayRequestError);
    expect(() =>
      buildChargeRequest(live, { billingAgreementId: 'C01', order: { ...order, amount: money(1, 'GBP') } }),
    ).toThrow(AmazonPayRequestError);
  });

  it('fits ask-sdk-model’s Amazon Pay request types', () => {
    const charge: interfaces.amazonpay.v1.ChargeAmazonPay = buildChargeRequest(live, {
      billingAgreementId: 'C01',
      order,
    });
    const setup: interfaces.amazonpay.v1.SetupAmazonPay = buildSetupRequest(live, {
      sellerBillingAgreementId: 'o1',
      billingAgreementType: 'CustomerInitiatedTransaction',
    });

    expect(charge.paymentAction).toBe('AuthorizeAndCapture');
    expect(setup.ledgerCurrency).toBe('USD');
  });
});

describe('amazonPayConfigProblems', () => {
  it('accepts a consistent configuration and names each problem of a broken one', () => {
    expect(amazonPayConfigProblems(sandbox)).toEqual([]);
    expect(
      amazonPayConfigProblems({
        ...live,
        sellerId: '',
        ledgerCurrency: 'JPY',
        softDescriptor: 'x'.repeat(17),
        storeName: ' ',
      }),
    ).toEqual([
      'sellerId must be the merchant ID (letters and digits)',
      'ledgerCurrency for US must be USD',
      'storeName must be set',
      'softDescriptor must be at most 16 characters',
    ]);
  });
});

describe('classifySetupResponse', () => {
  const ok = { code: '200', message: 'OK' };

  it('keeps the agreement ID and status, and nothing personal', () => {
    const outcome = classifySetupResponse(ok, {
      billingAgreementDetails: {
        billingAgreementId: 'C01-1234567-1234567',
        billingAgreementStatus: 'OPEN',
        releaseEnvironment: 'SANDBOX',
        creationTimestamp: '2025-03-10T12:00:00Z',
        checkoutLanguage: 'en_US',
        ...personal,
      },
    });

    expect(outcome).toEqual({
      kind: 'billing-agreement',
      billingAgreementId: 'C01-1234567-1234567',
      status: 'OPEN',
      chargeable: true,
      sandbox: true,
      action: 'none',
    });
  });

  it.each([
    ['SUSPENDED', 'update-payment-method'],
    ['CANCELED', 'set-up-payment-again'],
    ['CLOSED', 'set-up-payment-again'],
    ['DRAFT', 'try-again'],
  ])('treats a %s agreement as not chargeable (%s)', (status, action) => {
    expect(
      classifySetupResponse(ok, {
        billingAgreementDetails: { billingAgreementId: 'C01', billingAgreementStatus: status },
      }),
    ).toMatchObject({ kind: 'billing-agreement', chargeable: false, action });
  });

  it.each(['UnsupportedClientPlatform', 'InvalidShippingAddress', 'InvalidAccountStatus', 'RequestThrottled'])(
    'leaves %s to Alexa, which has already spoken',
    (code) => {
      expect(classifySetupResponse({ code: '403', message: code }, undefined)).toEqual({
        kind: 'alexa-spoke',
        code,
        action: 'none',
      });
    },
  );

  it.each([
    'ACCESS_DENIED',
    'ACCESS_NOT_REQUESTED',
    'FORBIDDEN',
    'MissingPermissionsToAccessResource',
    'VoicePurchaseNotEnabled',
  ])('asks for the permission on %s', (code) => {
    expect(classifySetupResponse({ code: '403', message: code }, undefined)).toEqual({
      kind: 'permission-missing',
      code,
      action: 'grant-permission',
    });
  });

  it.each([
    'BuyerEqualsSeller',
    'InvalidParameterValue',
    'InvalidSandboxCustomerEmail',
    'InvalidSellerId',
    'UnauthorizedAccess',
    'UnsupportedCountryOfEstablishment',
    'UnsupportedCurrency',
  ])('reports %s as an integration error', (code) => {
    expect(classifySetupResponse({ code: '400', message: code }, { errorCode: code, errorMessage: 'details' })).toEqual(
      {
        kind: 'integration-error',
        code,
        action: 'contact-us',
      },
    );
  });

  it('prefers payload.errorCode over status.message and keeps only code-like text of unknown errors', () => {
    expect(
      classifySetupResponse({ code: '400', message: 'Bad Request' }, { errorCode: 'InvalidSellerId' }),
    ).toMatchObject({
      code: 'InvalidSellerId',
    });
    expect(classifySetupResponse({ code: '500', message: 'Something about liam@example.com' }, undefined)).toEqual({
      kind: 'unknown',
      statusCode: '500',
      code: undefined,
      action: 'contact-us',
    });
  });
});

describe('classifyChargeResponse', () => {
  const ok = { code: '200', message: 'OK' };
  const details = (authorizationStatus: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    amazonOrderReferenceId: 'S01-1234567-1234567',
    authorizationDetails: {
      amazonAuthorizationId: 'S01-1234567-1234567-A000001',
      authorizationReferenceId: 'o0123456789abcdef01234567-1',
      authorizationAmount: { amount: '17.78', currencyCode: 'USD' },
      capturedAmount: { amount: '17.78', currencyCode: 'USD' },
      idList: ['S01-1234567-1234567-C000001'],
      authorizationStatus,
      ...extra,
    },
    ...personal,
  });

  it('reads a capture from authorizationDetails.authorizationStatus.state, keeping IDs and amount only', () => {
    const outcome = classifyChargeResponse(ok, details({ state: 'Closed', reasonCode: 'MaxCapturesProcessed' }));

    expect(outcome).toEqual({
      kind: 'charged',
      authorizationReferenceId: 'o0123456789abcdef01234567-1',
      paymentId: 'S01-1234567-1234567-A000001',
      captured: { minor: 1778, currency: 'USD' },
    });
    expect(JSON.stringify(outcome)).not.toMatch(/Liam|Secret|BUYERSECRET|liam@|\+49/);
  });

  it('does not take a state from anywhere but authorizationStatus.state', () => {
    const misplaced = { authorizationDetails: { state: 'Open', authorizationStatus: {} } };

    expect(classifyChargeResponse(ok, misplaced)).toMatchObject({ kind: 'unknown' });
  });

  it('sees a decline with status 200 (the path one official sample misses), to be spoken by the skill', () => {
    const outcome = classifyChargeResponse(
      ok,
      details(
        { state: 'Declined', reasonCode: 'InvalidPaymentMethod' },
        { softDecline: true, capturedAmount: undefined },
      ),
    );

    expect(outcome).toEqual({
      kind: 'declined',
      reasonCode: 'InvalidPaymentMethod',
      softDecline: true,
      retryable: true,
      spokenByAlexa: false,
      authorizationReferenceId: 'o0123456789abcdef01234567-1',
      action: 'update-payment-method',
    });
  });

  it.each([
    ['AmazonRejected', false, 'contact-amazon-pay'],
    ['ProcessingFailure', true, 'try-again-later'],
    ['TransactionTimedOut', true, 'try-again'],
  ])('classifies the decline reason %s (retryable %s, %s)', (reasonCode, retryable, action) => {
    expect(classifyChargeResponse(ok, details({ state: 'Declined', reasonCode }))).toMatchObject({
      kind: 'declined',
      reasonCode,
      retryable,
      action,
      spokenByAlexa: false,
    });
  });

  it('treats a payment-method decline that arrives as an error status as spoken by Alexa', () => {
    const outcome = classifyChargeResponse(
      { code: '400', message: 'InvalidPaymentMethod' },
      {
        errorCode: 'InvalidPaymentMethod',
        errorMessage: "The payment method specified in the user's account is declined.",
      },
    );

    expect(outcome).toMatchObject({ kind: 'declined', reasonCode: 'InvalidPaymentMethod', spokenByAlexa: true });
  });

  it('reports Pending as pending, and Closed without a capture as unknown (no money taken is not assumed either way)', () => {
    expect(classifyChargeResponse(ok, details({ state: 'Pending' }))).toMatchObject({ kind: 'pending' });
    expect(
      classifyChargeResponse(
        ok,
        details({ state: 'Closed', reasonCode: 'AmazonClosed' }, { capturedAmount: undefined }),
      ),
    ).toMatchObject({ kind: 'unknown', code: 'AmazonClosed' });
  });

  it.each(RUNTIME_ERROR_CODES)('classifies the runtime error %s', (code) => {
    const outcome = classifyChargeResponse({ code: '400', message: code }, { errorCode: code, errorMessage: 'x' });

    expect(outcome).toMatchObject({ kind: 'runtime-error', code });
  });

  it('marks only the errors that took no decision as retryable', () => {
    const retryable = RUNTIME_ERROR_CODES.filter((code) => {
      const outcome = classifyChargeResponse({ code: '500', message: code }, undefined);
      return outcome.kind === 'runtime-error' && outcome.retryable;
    });

    expect(retryable).toEqual(['InternalServerError', 'ServiceUnavailable']);
    expect(classifyChargeResponse({ code: '400', message: 'PeriodicAmountExceeded' }, undefined)).toMatchObject({
      action: 'wait-for-monthly-limit',
    });
    expect(classifyChargeResponse({ code: '400', message: 'InvalidBillingAgreementStatus' }, undefined)).toMatchObject({
      action: 'set-up-payment-again',
    });
  });

  it('accepts a numeric status code as well as the documented string', () => {
    expect(classifyChargeResponse({ code: 200 }, details({ state: 'Open' }))).toMatchObject({ kind: 'charged' });
  });
});
