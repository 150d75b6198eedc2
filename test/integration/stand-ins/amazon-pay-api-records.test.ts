import { AmazonPayApiStandIn } from '../../../tools/stand-ins/amazon-pay-api';

/**
 * The Amazon Pay API stand-in keeps Amazon's record of the authorizations Alexa made for the skill's Charge directives
 * (the chaos run records them as it plays Amazon's side), where GetAuthorizationDetails finds them by our reference.
 */
let api: AmazonPayApiStandIn;

beforeEach(async () => {
  api = await AmazonPayApiStandIn.start({ sellerId: 'A2SANDBOXSELLER01' });
});

afterEach(async () => {
  await api.close();
});

const post = async (path: string, body: object) => {
  const response = await fetch(`${api.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("the Amazon Pay API stand-in's records of voice Charges", () => {
  it('counts a recorded capture, finds it by reference, and replays it for a repeat of that reference', async () => {
    api.recordCharge({
      amazonAuthorizationId: 'S02-0000001-0000001-A000001',
      authorizationReferenceId: 'o123-1',
      billingAgreementId: 'C01-0000000-0000001',
      sellerOrderId: 'o123',
      amount: { minor: 597, currency: 'USD' },
      state: 'Closed',
      reasonCode: 'MaxCapturesProcessed',
    });

    expect(api.captures).toHaveLength(1);
    const found = await post('/GetAuthorizationDetails', { AuthorizationReferenceId: 'o123-1' });
    expect(found).toEqual({
      status: 200,
      body: {
        GetAuthorizationDetailsResult: {
          AuthorizationDetails: expect.objectContaining({
            AmazonAuthorizationId: 'S02-0000001-0000001-A000001',
            AuthorizationReferenceId: 'o123-1',
            CapturedAmount: { Amount: '5.97', CurrencyCode: 'USD' },
            AuthorizationStatus: { State: 'Closed', ReasonCode: 'MaxCapturesProcessed' },
          }),
        },
      },
    });
    const repeat = await post('/AuthorizeOnBillingAgreement', {
      SellerId: 'A2SANDBOXSELLER01',
      AuthorizationReferenceId: 'o123-1',
    });
    expect(repeat.status).toBe(200);
    expect(api.captures).toHaveLength(1);
  });

  it('answers InvalidAuthorizationId for a reference it never saw', async () => {
    const missing = await post('/GetAuthorizationDetails', { AuthorizationReferenceId: 'o999-1' });

    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ Error: { Code: 'InvalidAuthorizationId' } });
  });
});
