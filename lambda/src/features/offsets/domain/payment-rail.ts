/**
 * The payment rail: how the conversation takes payment, without knowing which payment service does it. Amazon Pay for
 * Alexa Skills is the one rail today (`createAmazonPayRail`); an account-linked checkout would be a second
 * implementation, adding its own kinds of `RailStep` (for example a charge made server-side whose outcome is known at
 * once) — the handlers' exhaustive switch over `RailStep` then shows every place that must handle it.
 *
 * Tokens: a `Connections.SendRequest` token comes back unchanged in the `Connections.Response`. Ours say what the
 * answer is for (`offsetToken` / `parseOffsetToken`), so a response is matched to its order and authorization
 * reference without trusting the session.
 */
import {
  type AmazonPayConfig,
  buildChargeRequest,
  buildSetupRequest,
  type ChargeAmazonPayPayload,
  type ChargeOutcome,
  type ConnectionsStatus,
  classifyChargeResponse,
  classifySetupResponse,
  isAuthorizationReferenceId,
  type SetupAmazonPayPayload,
  type SetupOutcome,
} from './amazon-pay';
import type { Money } from './money';
import { isMonthlyPlanId } from './monthly-plan';
import { type ChargeInstruction, isOrderId } from './order';

/** A `Connections.SendRequest` directive as plain data (ask-sdk-model's `interfaces.connections.SendRequestDirective`). */
export interface SendRequestDirective {
  readonly type: 'Connections.SendRequest';
  readonly name: 'Setup' | 'Charge';
  readonly payload: SetupAmazonPayPayload | ChargeAmazonPayPayload;
  readonly token: string;
}

/** What the handler does to start a payment step. Sending the directive ends the session; save state first. */
export type RailStep = { readonly kind: 'send-directive'; readonly directive: SendRequestDirective };

/** The `Connections.Response` fields a rail reads. */
export interface RailResponse {
  readonly status: ConnectionsStatus;
  readonly payload?: unknown;
}

export type SetupPurpose =
  | { readonly kind: 'order'; readonly orderId: string }
  | { readonly kind: 'plan'; readonly planId: string; readonly subscriptionAmount: Money };

export interface PaymentRail {
  /** Which rail: 'amazon-pay' here. */
  readonly name: string;
  /** Ask the customer's payment service for an agreement we can charge (one-off) or charge monthly (plan). */
  startSetup(purpose: SetupPurpose, note?: string): RailStep;
  /** Charge one authorization of an order. */
  startCharge(charge: ChargeInstruction, note?: string): RailStep;
  interpretSetup(response: RailResponse): SetupOutcome;
  interpretCharge(response: RailResponse): ChargeOutcome;
}

export type OffsetToken =
  | { readonly kind: 'order-setup'; readonly orderId: string }
  | { readonly kind: 'order-charge'; readonly orderId: string; readonly authorizationReferenceId: string }
  | { readonly kind: 'plan-setup'; readonly planId: string };

const TOKEN_PREFIX = 'offset';

export function offsetToken(token: OffsetToken): string {
  switch (token.kind) {
    case 'order-setup':
      return `${TOKEN_PREFIX}:order-setup:${token.orderId}`;
    case 'order-charge':
      return `${TOKEN_PREFIX}:order-charge:${token.orderId}:${token.authorizationReferenceId}`;
    case 'plan-setup':
      return `${TOKEN_PREFIX}:plan-setup:${token.planId}`;
  }
}

/** Reads one of our tokens; undefined for anything else (another feature's token, or a forged one). */
export function parseOffsetToken(token: string | undefined): OffsetToken | undefined {
  const [prefix, kind, id, reference, ...rest] = (token ?? '').split(':');
  if (prefix !== TOKEN_PREFIX || id === undefined || rest.length > 0) return undefined;
  switch (kind) {
    case 'order-setup':
      return reference === undefined && isOrderId(id) ? { kind, orderId: id } : undefined;
    case 'order-charge':
      return reference !== undefined && isOrderId(id) && isAuthorizationReferenceId(reference)
        ? { kind, orderId: id, authorizationReferenceId: reference }
        : undefined;
    case 'plan-setup':
      return reference === undefined && isMonthlyPlanId(id) ? { kind, planId: id } : undefined;
    default:
      return undefined;
  }
}

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
