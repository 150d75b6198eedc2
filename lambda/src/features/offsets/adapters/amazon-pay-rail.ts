/**
 * The payment rail on Amazon Pay for Alexa Skills: Setup and Charge as `Connections.SendRequest` directives, built by
 * the pure payload builders of domain/amazon-pay.ts, and their answers classified there too. Amazon asks for its own
 * voice code (set in the Alexa app), answers only through Connections.Response (so a charge cannot be looked up from
 * here), and refunds go through Amazon Pay's customer service.
 */
import {
  type AmazonPayConfig,
  buildChargeRequest,
  buildSetupRequest,
  classifyChargeResponse,
  classifySetupResponse,
} from '../domain/amazon-pay';
import { offsetToken } from '../domain/offset-token';
import type { PaymentRail } from '../ports';

export function createAmazonPayRail(config: AmazonPayConfig): PaymentRail {
  const rail: PaymentRail = {
    name: 'amazon-pay',
    // Nothing here calls out: the directives go in the response, Alexa carries them.
    within: () => rail,
    async payer(buyer, saved) {
      if (!buyer.paymentsAllowed) return { kind: 'needs-permission' };
      if (!saved.billingAgreementId) return { kind: 'needs-setup' };
      return {
        kind: 'ready',
        source: { kind: 'amazon-pay', billingAgreementId: saved.billingAgreementId },
        card: undefined,
        voiceCode: 'none',
      };
    },
    checkVoiceCode: async () => ({ kind: 'not-set' }),
    startSetup(purpose, note) {
      const payload =
        purpose.kind === 'order'
          ? buildSetupRequest(config, {
              sellerBillingAgreementId: purpose.orderId,
              billingAgreementType: 'CustomerInitiatedTransaction',
              ...(note ? { sellerNote: note } : {}),
            })
          : buildSetupRequest(config, {
              sellerBillingAgreementId: purpose.planId,
              billingAgreementType: 'MerchantInitiatedTransaction',
              subscriptionAmount: purpose.subscriptionAmount,
              ...(note ? { sellerNote: note } : {}),
            });
      const token =
        purpose.kind === 'order'
          ? offsetToken({ kind: 'order-setup', orderId: purpose.orderId })
          : offsetToken({ kind: 'plan-setup', planId: purpose.planId });
      return { kind: 'send-directive', directive: { type: 'Connections.SendRequest', name: 'Setup', payload, token } };
    },
    async startCharge(charge, note) {
      if (charge.source.kind !== 'amazon-pay') throw new RangeError('Amazon Pay charges a billing agreement only');
      const payload = buildChargeRequest(config, {
        billingAgreementId: charge.source.billingAgreementId,
        order: charge,
        ...(note ? { note } : {}),
      });
      const token = offsetToken({
        kind: 'order-charge',
        orderId: charge.orderId,
        authorizationReferenceId: charge.authorizationReferenceId,
      });
      return { kind: 'send-directive', directive: { type: 'Connections.SendRequest', name: 'Charge', payload, token } };
    },
    lookUpCharge: async () => ({ kind: 'unsupported' }),
    cancelCharge: async () => 'too-late',
    refund: async () => ({ kind: 'failed', reason: 'refused' }),
    interpretSetup: (response) => classifySetupResponse(response.status, response.payload),
    interpretCharge: (response) => classifyChargeResponse(response.status, response.payload),
  };
  return rail;
}
