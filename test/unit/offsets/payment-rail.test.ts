import type { interfaces } from 'ask-sdk-model';
import { createAmazonPayRail } from '../../../lambda/src/features/offsets/adapters/amazon-pay-rail';
import type { AmazonPayConfig } from '../../../lambda/src/features/offsets/domain/amazon-pay';
import { money } from '../../../lambda/src/features/offsets/domain/money';
import { offsetToken, parseOffsetToken } from '../../../lambda/src/features/offsets/domain/offset-token';
import { AGREEMENT, ORDER_ID } from './fixtures';

const config: AmazonPayConfig = {
  sellerId: 'A1SELLER2EXAMPLE',
  countryOfEstablishment: 'UK',
  ledgerCurrency: 'GBP',
  checkoutLanguage: 'en_GB',
  storeName: 'Green Horizons',
};
const rail = createAmazonPayRail(config);
const PLAN_ID = 'p0123456789abcdef01234567';

describe('offset tokens', () => {
  it.each([
    { kind: 'order-setup', orderId: ORDER_ID },
    { kind: 'order-charge', orderId: ORDER_ID, authorizationReferenceId: `${ORDER_ID}-2` },
    { kind: 'plan-setup', planId: PLAN_ID },
  ] as const)('round-trips %o', (token) => {
    expect(parseOffsetToken(offsetToken(token))).toEqual(token);
  });

  it.each([
    undefined,
    '',
    'resume:estimate-flight',
    `offset:order-charge:${ORDER_ID}`,
    'offset:order-setup:x:y',
    `offset:order-setup:${ORDER_ID}:extra`,
  ])('ignores %p', (token) => {
    expect(parseOffsetToken(token)).toBeUndefined();
  });
});

describe('the Amazon Pay rail', () => {
  it('starts an order’s Setup as a Connections.SendRequest the SDK accepts', () => {
    const step = rail.startSetup({ kind: 'order', orderId: ORDER_ID });
    if (step.kind !== 'send-directive') throw new Error('not a directive');
    const directive: interfaces.connections.SendRequestDirective = step.directive;

    expect(directive).toMatchObject({
      type: 'Connections.SendRequest',
      name: 'Setup',
      token: `offset:order-setup:${ORDER_ID}`,
      payload: {
        '@type': 'SetupAmazonPayRequest',
        billingAgreementAttributes: { billingAgreementType: 'CustomerInitiatedTransaction' },
      },
    });
  });

  it('starts a plan’s Setup as a merchant-initiated agreement capped at the monthly amount', () => {
    const step = rail.startSetup(
      { kind: 'monthly-plan', planId: PLAN_ID, subscriptionAmount: money(1778, 'GBP') },
      'Monthly offset',
    );

    expect(step).toMatchObject({ kind: 'send-directive', directive: { token: `offset:plan-setup:${PLAN_ID}` } });
    expect(step).toMatchObject({
      directive: {
        payload: {
          billingAgreementAttributes: {
            sellerNote: 'Monthly offset',
            billingAgreementType: 'MerchantInitiatedTransaction',
            subscriptionAmount: { amount: '17.78', currencyCode: 'GBP' },
          },
        },
      },
    });
  });

  it('starts a Charge whose token names the order and the authorization reference', async () => {
    const step = await rail.startCharge({
      orderId: ORDER_ID,
      source: { kind: 'amazon-pay', billingAgreementId: AGREEMENT },
      authorizationReferenceId: `${ORDER_ID}-1`,
      amount: money(1778, 'GBP'),
    });

    expect(step).toMatchObject({
      kind: 'send-directive',
      directive: {
        name: 'Charge',
        token: `offset:order-charge:${ORDER_ID}:${ORDER_ID}-1`,
        payload: { billingAgreementId: AGREEMENT, authorizeAttributes: { authorizationReferenceId: `${ORDER_ID}-1` } },
      },
    });
  });

  it('has no voice code of its own to ask, cannot look charges up, and leaves refunds to Amazon Pay', async () => {
    const buyer = { userId: 'amzn1.ask.account.X', paymentsAllowed: true, accessToken: undefined };

    expect(await rail.payer(buyer, { billingAgreementId: undefined })).toEqual({ kind: 'needs-setup' });
    expect(await rail.payer({ ...buyer, paymentsAllowed: false }, { billingAgreementId: AGREEMENT })).toEqual({
      kind: 'needs-permission',
    });
    expect(await rail.payer(buyer, { billingAgreementId: AGREEMENT })).toMatchObject({
      kind: 'ready',
      source: { kind: 'amazon-pay', billingAgreementId: AGREEMENT },
    });
    expect(await rail.checkVoiceCode(buyer, '1234')).toEqual({ kind: 'not-set' });
    const charge = { orderId: ORDER_ID, authorizationReferenceId: `${ORDER_ID}-1`, amount: money(1, 'GBP') };
    expect(
      await rail.lookUpCharge({ ...charge, source: { kind: 'amazon-pay', billingAgreementId: AGREEMENT } }),
    ).toEqual({
      kind: 'unsupported',
    });
    await expect(
      rail.startCharge({ ...charge, source: { kind: 'card', accountId: 'a', customerId: 'c', paymentMethodId: 'p' } }),
    ).rejects.toThrow(RangeError);
  });

  it('interprets responses with the Amazon Pay classifiers', () => {
    expect(rail.interpretCharge({ status: { code: '403', message: 'ACCESS_DENIED' } })).toMatchObject({
      kind: 'permission-missing',
    });
    expect(
      rail.interpretSetup({
        status: { code: '200', message: 'OK' },
        payload: { billingAgreementDetails: { billingAgreementId: AGREEMENT, billingAgreementStatus: 'OPEN' } },
      }),
    ).toMatchObject({ kind: 'billing-agreement', chargeable: true });
  });
});
