import { createAmazonPayApiClient } from '../../../lambda/src/features/offsets/adapters/amazon-pay-api';
import { money } from '../../../lambda/src/features/offsets/domain/money';
import { AmazonPayApiStandIn } from '../../../tools/stand-ins/amazon-pay-api';
import { SELLER } from './support';

let api: AmazonPayApiStandIn;
const clock = { now: new Date('2025-03-10T03:00:00.000Z') };

beforeAll(async () => {
  api = await AmazonPayApiStandIn.start({ sellerId: SELLER.sellerId, clock: () => clock.now });
});

beforeEach(() => {
  api.reset();
  api.openBillingAgreement('C01-0000001', { periodicLimit: money(2000, 'GBP') });
});

afterAll(async () => {
  await api.close();
});

const client = (timeoutMs = 1000, config = SELLER) => createAmazonPayApiClient({ baseUrl: api.url, timeoutMs, config });
const request = (reference: string, minor = 1778) => ({
  billingAgreementId: 'C01-0000001',
  authorizationReferenceId: reference,
  amount: money(minor, 'GBP'),
  sellerOrderId: reference,
  note: 'Monthly carbon offset',
});

describe('the Amazon Pay API client against the sandbox stand-in', () => {
  it('authorizes and captures on the billing agreement', async () => {
    const result = await client().authorizeOnBillingAgreement(request('pref-202503'));

    expect(result).toEqual({
      kind: 'authorized',
      paymentId: 'S01-0000001-A000001',
      reference: 'pref-202503',
      captured: money(1778, 'GBP'),
    });
    expect(api.captures).toMatchObject([
      {
        authorizationReferenceId: 'pref-202503',
        amount: { minor: 1778, currency: 'GBP' },
        sellerOrderId: 'pref-202503',
      },
    ]);
  });

  it('a repeated reference gets the first answer and no second charge', async () => {
    const first = await client().authorizeOnBillingAgreement(request('pref-202503'));
    const again = await client().authorizeOnBillingAgreement(request('pref-202503'));

    expect(again).toEqual(first);
    expect(api.captures).toHaveLength(1);
  });

  it('reports declines, including the sandbox simulation in SellerAuthorizationNote', async () => {
    api.setBehaviour({ kind: 'decline', reasonCode: 'AmazonRejected', times: 1 });
    const simulated = createAmazonPayApiClient({
      baseUrl: api.url,
      config: {
        ...SELLER,
        sandbox: { customerEmailId: 'buyer-test@example.com', simulateDecline: 'InvalidPaymentMethod' },
      },
    });

    expect(await client().authorizeOnBillingAgreement(request('pref-1'))).toEqual({
      kind: 'declined',
      reasonCode: 'AmazonRejected',
    });
    expect(await simulated.authorizeOnBillingAgreement(request('pref-2'))).toEqual({
      kind: 'declined',
      reasonCode: 'InvalidPaymentMethod',
    });
    expect(api.captures).toHaveLength(0);
  });

  it('refuses beyond the monthly limit: PeriodicAmountExceeded, not retryable', async () => {
    await client().authorizeOnBillingAgreement(request('pref-1', 1500));

    expect(await client().authorizeOnBillingAgreement(request('pref-2', 600))).toEqual({
      kind: 'error',
      code: 'PeriodicAmountExceeded',
      retryable: false,
    });
  });

  it('reports a closed agreement and a server error, the latter as retryable', async () => {
    api.closeBillingAgreement('C01-0000001');
    expect(await client().authorizeOnBillingAgreement(request('pref-1'))).toEqual({
      kind: 'error',
      code: 'InvalidBillingAgreementStatus',
      retryable: false,
    });

    api.openBillingAgreement('C01-0000001');
    api.setBehaviour({ kind: 'fail', times: 1, status: 503, code: 'ServiceUnavailable' });
    expect(await client().authorizeOnBillingAgreement(request('pref-2'))).toEqual({
      kind: 'error',
      code: 'ServiceUnavailable',
      retryable: true,
    });
  });

  it('reports no answer within its timeout as unreachable; the retry with the same reference charges once', async () => {
    api.setBehaviour({ kind: 'slow', delayMs: 300, times: 1 });

    const first = await client(100).authorizeOnBillingAgreement(request('pref-slow'));
    const retry = await client(1000).authorizeOnBillingAgreement(request('pref-slow'));
    await new Promise((resolve) => setTimeout(resolve, 350)); // the slow request finishes on the server

    expect(first).toEqual({ kind: 'unreachable', reason: 'timeout' });
    expect(retry).toMatchObject({ kind: 'authorized' });
    expect(api.requestCount).toBe(2);
    expect(api.captures).toHaveLength(1);
  });
});

describe('GetAuthorizationDetails: where a charge stands, by our reference', () => {
  it('finds an authorization the job made, and one made by Alexa’s Charge directive, with what was captured', async () => {
    await client().authorizeOnBillingAgreement(request('pref-202503'));
    api.recordCharge({
      authorizationReferenceId: 'o0123456789abcdef01234567-1',
      billingAgreementId: 'C01-0000001',
      amount: money(597, 'GBP'),
    });

    expect(await client().getAuthorizationDetails({ authorizationReferenceId: 'pref-202503' })).toMatchObject({
      kind: 'authorized',
      reference: 'pref-202503',
      captured: money(1778, 'GBP'),
    });
    expect(
      await client().getAuthorizationDetails({ authorizationReferenceId: 'o0123456789abcdef01234567-1' }),
    ).toMatchObject({ kind: 'authorized', captured: money(597, 'GBP') });
  });

  it('says not-found for a reference Amazon Pay never saw, Pending until it is decided, then declined', async () => {
    expect(await client().getAuthorizationDetails({ authorizationReferenceId: 'never-sent-1' })).toEqual({
      kind: 'not-found',
    });
    api.recordCharge({
      authorizationReferenceId: 'pending-1',
      billingAgreementId: 'C01-0000001',
      amount: money(597, 'GBP'),
      state: 'Pending',
    });
    expect(await client().getAuthorizationDetails({ authorizationReferenceId: 'pending-1' })).toMatchObject({
      kind: 'pending',
    });
    api.settle('pending-1', 'Declined', 'AmazonRejected');
    expect(await client().getAuthorizationDetails({ authorizationReferenceId: 'pending-1' })).toEqual({
      kind: 'declined',
      reasonCode: 'AmazonRejected',
    });
  });

  it('a look-up that fails decides nothing: an error to retry, never a decline', async () => {
    api.setBehaviour({ kind: 'fail', times: 1, status: 500, code: 'InternalServerError' });

    expect(await client().getAuthorizationDetails({ authorizationReferenceId: 'pref-202503' })).toEqual({
      kind: 'error',
      code: 'InternalServerError',
      retryable: true,
    });
  });
});
