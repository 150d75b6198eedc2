/**
 * The payment rail on Amazon Pay for Alexa Skills: Setup and Charge as `Connections.SendRequest` directives, built by
 * the pure payload builders of domain/amazon-pay.ts, and their answers classified there too. Amazon asks for its own
 * voice code (set in the Alexa app) and answers through Connections.Response; a charge whose answer was lost or left
 * it undecided is looked up by its reference through the Amazon Pay API's GetAuthorizationDetails (`api`, when
 * AMAZON_PAY_API_URL is set; loaded on first use), within the turn's deadline. Refunds go through Amazon Pay's
 * customer service.
 */
import type { Deadline } from '../../../shared/deadline';
import {
  type AmazonPayConfig,
  buildChargeRequest,
  buildSetupRequest,
  classifyChargeResponse,
  classifySetupResponse,
  lookedUpDecline,
} from '../domain/amazon-pay';
import { offsetToken } from '../domain/offset-token';
import type { ChargeInstruction } from '../domain/order';
import type { AmazonPayApi, ChargeLookup, PaymentRail } from '../ports';

/** Where an Alexa Charge stands at Amazon Pay, by its reference (GetAuthorizationDetails). */
async function lookUp(api: AmazonPayApi, charge: ChargeInstruction): Promise<ChargeLookup> {
  const reference = charge.authorizationReferenceId;
  const found = await api.getAuthorizationDetails({ authorizationReferenceId: reference });
  switch (found.kind) {
    case 'not-found':
      return found;
    case 'authorized':
      return {
        kind: 'found',
        outcome: {
          kind: 'charged',
          authorizationReferenceId: found.reference,
          paymentId: found.paymentId,
          captured: found.captured,
        },
      };
    case 'pending':
      return {
        kind: 'found',
        outcome: { kind: 'pending', authorizationReferenceId: reference, paymentId: found.paymentId },
      };
    case 'declined':
      return { kind: 'found', outcome: lookedUpDecline(found.reasonCode, reference) };
    default:
      // The look-up itself failed: how the charge ended is still not known.
      return { kind: 'found', outcome: { kind: 'unreachable', reason: 'server-error', action: 'wait' } };
  }
}

/** `api`: the Amazon Pay API to look charges up with (undefined: not configured, the rail cannot look up). */
export function createAmazonPayRail(config: AmazonPayConfig, api?: () => AmazonPayApi | undefined): PaymentRail {
  return amazonPayRail(config, api, undefined);
}

function amazonPayRail(
  config: AmazonPayConfig,
  api: (() => AmazonPayApi | undefined) | undefined,
  deadline: Deadline | undefined,
): PaymentRail {
  const rail: PaymentRail = {
    name: 'amazon-pay',
    // The directives go in the response (Alexa carries them); only the look-up calls out, by the turn's deadline.
    within: (turn) => amazonPayRail(config, api, turn),
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
    async lookUpCharge(charge) {
      const client = api?.();
      if (!client) return { kind: 'unsupported' };
      return lookUp(deadline ? client.within(deadline) : client, charge);
    },
    cancelCharge: async () => 'too-late',
    refund: async () => ({ kind: 'failed', reason: 'refused' }),
    interpretSetup: (response) => classifySetupResponse(response.status, response.payload),
    interpretCharge: (response) => classifyChargeResponse(response.status, response.payload),
  };
  return rail;
}
