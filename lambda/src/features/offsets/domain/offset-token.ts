/**
 * Tokens: a `Connections.SendRequest` token comes back unchanged in the `Connections.Response`. Ours say what the
 * answer is for, so a response is matched to its order (or monthly plan) and authorization reference without
 * trusting the session.
 */
import { isAuthorizationReferenceId } from './amazon-pay';
import { isMonthlyPlanId } from './monthly-plan';
import { isOrderId } from './order';

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
