/**
 * The Amazon Pay answers the simulator and dialog tests send are read by the skill's classifiers as intended: the
 * builders follow the reference independently, so these tests check the classifiers against that reading too.
 */
import {
  ALEXA_SPOKEN_CODES,
  type AmazonPayConfig,
  buildChargeRequest,
  type ChargeAmazonPayPayload,
  classifyChargeResponse,
  classifySetupResponse,
  DECLINE_REASONS,
  INTEGRATION_ERROR_CODES,
  PERMISSION_CODES,
  RUNTIME_ERROR_CODES,
} from '../../../lambda/src/features/offsets/domain/amazon-pay';
import { money } from '../../../lambda/src/features/offsets/domain/money';
import {
  ALL_AMAZON_PAY_ERROR_CODES,
  AMAZON_PAY_ERROR_CODES,
  AMAZON_PAY_ERROR_GROUPS,
  type AmazonPayErrorGroup,
  amazonPayError,
  BILLING_AGREEMENT_STATUSES,
  chargeApproved,
  chargeDeclined,
  DECLINE_REASON_CODES,
  DEFAULT_BILLING_AGREEMENT_ID,
  errorGroupOf,
  setupApproved,
} from '../../../tools/stand-ins/amazon-pay-responses';

const CONFIG: AmazonPayConfig = {
  sellerId: 'A2SANDBOXSELLER01',
  countryOfEstablishment: 'US',
  ledgerCurrency: 'USD',
  checkoutLanguage: 'en_US',
  storeName: 'Green Horizons',
  softDescriptor: 'GreenHorizons',
  sandbox: { customerEmailId: 'sandbox-buyer@example.com' },
};

const CHARGE: ChargeAmazonPayPayload = buildChargeRequest(CONFIG, {
  billingAgreementId: 'C01-0000000-0000042',
  order: { orderId: 'ord-1', authorizationReferenceId: 'ord-1-a1', amount: money(597, 'USD') },
  note: 'Carbon offset',
});

/** What each group of the reference means to the classifiers. */
const KIND_OF_GROUP: Readonly<Record<AmazonPayErrorGroup, string>> = {
  permission: 'permission-missing',
  alexaSpoken: 'alexa-spoke',
  integration: 'integration-error',
  runtime: 'runtime-error',
};

const FAKE_FIELDS = /Fake Buyer|Stand-in Street|000-000-0000/;

describe('setupApproved', () => {
  it('is an OPEN, chargeable sandbox billing agreement with the given ID', () => {
    const answer = setupApproved({ billingAgreementId: 'C01-1234567-7654321' });
    expect(answer).toMatchObject({ name: 'Setup', status: { code: '200', message: 'OK' } });
    expect(classifySetupResponse(answer.status, answer.payload)).toEqual({
      kind: 'billing-agreement',
      billingAgreementId: 'C01-1234567-7654321',
      status: 'OPEN',
      chargeable: true,
      sandbox: true,
      action: 'none',
    });
  });

  it('carries a billing address and destination like the real one, which the classifier leaves behind', () => {
    const answer = setupApproved();
    expect(JSON.stringify(answer.payload)).toMatch(FAKE_FIELDS);
    expect(answer.payload.billingAgreementDetails.billingAddress?.name).toMatch(/stand-in/);
    expect(JSON.stringify(classifySetupResponse(answer.status, answer.payload))).not.toMatch(FAKE_FIELDS);
    expect(answer.payload.billingAgreementDetails.billingAgreementId).toBe(DEFAULT_BILLING_AGREEMENT_ID);
  });

  it.each(BILLING_AGREEMENT_STATUSES)('gives status %s, chargeable only when OPEN', (status) => {
    const answer = setupApproved({ status });
    expect(classifySetupResponse(answer.status, answer.payload)).toMatchObject({
      kind: 'billing-agreement',
      status,
      chargeable: status === 'OPEN',
    });
  });

  it('is LIVE when not sandbox, and follows the request otherwise', () => {
    const live = setupApproved({ sandbox: false });
    expect(live.payload.billingAgreementDetails.releaseEnvironment).toBe('LIVE');
    expect(classifySetupResponse(live.status, live.payload)).toMatchObject({ sandbox: false });
    const echoed = setupApproved({ request: { sandboxMode: false, checkoutLanguage: 'en_GB' } });
    expect(echoed.payload.billingAgreementDetails).toMatchObject({
      releaseEnvironment: 'LIVE',
      checkoutLanguage: 'en_GB',
    });
  });
});

describe('chargeApproved', () => {
  it('captures the amount asked for with AuthorizeAndCapture (Closed, MaxCapturesProcessed)', () => {
    const answer = chargeApproved({ request: CHARGE, amazonOrderReferenceId: 'S01-1111111-2222222' });
    expect(answer).toMatchObject({ name: 'Charge', status: { code: '200', message: 'OK' } });
    expect(answer.payload.amazonOrderReferenceId).toBe('S01-1111111-2222222');
    expect(answer.payload.authorizationDetails).toMatchObject({
      authorizationReferenceId: 'ord-1-a1',
      authorizationAmount: { amount: '5.97', currencyCode: 'USD' },
      capturedAmount: { amount: '5.97', currencyCode: 'USD' },
      authorizationStatus: { state: 'Closed', reasonCode: 'MaxCapturesProcessed' },
      softDecline: false,
      captureNow: true,
      softDescriptor: 'AMZ*GreenHorizons',
      sellerAuthorizationNote: 'Carbon offset',
    });
    expect(classifyChargeResponse(answer.status, answer.payload)).toEqual({
      kind: 'charged',
      authorizationReferenceId: 'ord-1-a1',
      paymentId: 'S01-1111111-2222222-A000001',
      captured: money(597, 'USD'),
    });
  });

  it('leaves an Authorize open with nothing captured', () => {
    const answer = chargeApproved({ request: { ...CHARGE, paymentAction: 'Authorize' } });
    expect(answer.payload.authorizationDetails).toMatchObject({
      capturedAmount: { amount: '0.00', currencyCode: 'USD' },
      authorizationStatus: { state: 'Open' },
      captureNow: false,
    });
    expect(classifyChargeResponse(answer.status, answer.payload)).toMatchObject({
      kind: 'charged',
      captured: money(0, 'USD'),
    });
  });

  it('keeps whole-unit currencies whole', () => {
    const yen = {
      ...CHARGE,
      authorizeAttributes: {
        ...CHARGE.authorizeAttributes,
        authorizationAmount: { amount: '1500', currencyCode: 'JPY' },
      },
    };
    const answer = chargeDeclined(yen, 'AmazonRejected');
    expect(answer.payload.authorizationDetails.capturedAmount).toEqual({ amount: '0', currencyCode: 'JPY' });
  });
});

describe('chargeDeclined', () => {
  it.each(DECLINE_REASON_CODES)(
    'declines with %s: a 200 the skill reads as declined, not spoken by Alexa',
    (reason) => {
      const answer = chargeDeclined(CHARGE, reason);
      expect(answer.status).toEqual({ code: '200', message: 'OK' });
      expect(answer.payload.authorizationDetails).toMatchObject({
        authorizationStatus: { state: 'Declined', reasonCode: reason },
        capturedAmount: { amount: '0.00', currencyCode: 'USD' },
        softDecline: reason === 'InvalidPaymentMethod',
      });
      expect(classifyChargeResponse(answer.status, answer.payload)).toMatchObject({
        kind: 'declined',
        reasonCode: reason,
        softDecline: reason === 'InvalidPaymentMethod',
        spokenByAlexa: false,
        authorizationReferenceId: 'ord-1-a1',
      });
    },
  );
});

describe('amazonPayError', () => {
  const cases = AMAZON_PAY_ERROR_GROUPS.flatMap((group) =>
    AMAZON_PAY_ERROR_CODES[group].map((code) => [group, code] as const),
  );

  it('covers every code once, in the groups the skill knows', () => {
    expect(new Set(ALL_AMAZON_PAY_ERROR_CODES).size).toBe(ALL_AMAZON_PAY_ERROR_CODES.length);
    expect([...AMAZON_PAY_ERROR_CODES.permission].sort()).toEqual([...PERMISSION_CODES].sort());
    expect([...AMAZON_PAY_ERROR_CODES.alexaSpoken].sort()).toEqual([...ALEXA_SPOKEN_CODES].sort());
    expect([...AMAZON_PAY_ERROR_CODES.integration].sort()).toEqual([...INTEGRATION_ERROR_CODES].sort());
    expect([...AMAZON_PAY_ERROR_CODES.runtime].sort()).toEqual([...RUNTIME_ERROR_CODES].sort());
    expect([...DECLINE_REASON_CODES].sort()).toEqual([...DECLINE_REASONS].sort());
  });

  it.each(cases)('%s %s: status code string, message = code, payload { errorCode, errorMessage }', (group, code) => {
    const answer = amazonPayError(code);
    expect(answer.name).toBeUndefined();
    expect(answer.status.code).toMatch(/^[45]\d\d$/);
    expect(answer.status.message).toBe(code);
    expect(answer.payload).toEqual({ errorCode: code, errorMessage: expect.any(String) });
    expect(errorGroupOf(code)).toBe(group);
  });

  it.each(cases)('%s %s: the skill reads it in that group, on Setup and on Charge', (group, code) => {
    for (const [name, classify] of [
      ['Setup', classifySetupResponse],
      ['Charge', classifyChargeResponse],
    ] as const) {
      const answer = amazonPayError(code, { name });
      expect(answer.name).toBe(name);
      expect(classify(answer.status, answer.payload)).toMatchObject({ kind: KIND_OF_GROUP[group], code });
      // The code is in status.message even when Amazon sends no payload.
      const bare = amazonPayError(code, { name, withoutPayload: true });
      expect(bare.payload).toEqual({});
      expect(classify(bare.status, bare.payload)).toMatchObject({ kind: KIND_OF_GROUP[group], code });
    }
  });

  it.each(DECLINE_REASON_CODES)('%s as an error status: Alexa has spoken it', (reason) => {
    const answer = amazonPayError(reason);
    expect(errorGroupOf(reason)).toBe('decline');
    expect(classifySetupResponse(answer.status, answer.payload)).toEqual({
      kind: 'alexa-spoke',
      code: reason,
      action: 'none',
    });
    expect(classifyChargeResponse(answer.status, answer.payload)).toMatchObject({
      kind: 'declined',
      reasonCode: reason,
      spokenByAlexa: true,
    });
  });

  it('gives the status codes Amazon documents for the codes Alexa speaks', () => {
    const codes = Object.fromEntries(
      AMAZON_PAY_ERROR_CODES.alexaSpoken.map((code) => [code, amazonPayError(code).status.code]),
    );
    expect(codes).toEqual({
      UnsupportedClientPlatform: '403',
      InvalidShippingAddress: '400',
      InvalidAccountStatus: '403',
      RequestThrottled: '429',
    });
  });
});
