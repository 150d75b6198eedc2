/**
 * The payment rail on Amazon Pay for Alexa Skills: Setup and Charge as `Connections.SendRequest` directives, built by
 * the pure payload builders of domain/amazon-pay.ts, and their answers classified there too.
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
  return {
    name: 'amazon-pay',
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
    startCharge(charge, note) {
      const payload = buildChargeRequest(config, {
        billingAgreementId: charge.billingAgreementId,
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
    interpretSetup: (response) => classifySetupResponse(response.status, response.payload),
    interpretCharge: (response) => classifyChargeResponse(response.status, response.payload),
  };
}
