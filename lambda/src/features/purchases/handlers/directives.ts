import type { Response } from 'ask-sdk-model';
import type { Turn } from '../../../conversation/turn';
import { encodeToken, type Product, type PurchaseAction, type Resume } from '../domain/products';

/**
 * Hands the customer to Amazon's purchase flow. The directive ends the session, so nothing else goes with it:
 * no speech (Amazon speaks the product's prompt and price), no reprompt. What the skill needs to carry on later
 * travels in the token and in persisted state, never in session attributes.
 */
export function sendPurchaseRequest(
  turn: Turn,
  action: PurchaseAction,
  product: Product,
  resume: Resume,
  upsellMessage?: string,
): Response {
  turn.deps.logger.info('Purchase flow started', { action, product: product.ref, resume });
  return turn.input.responseBuilder
    .addDirective({
      type: 'Connections.SendRequest',
      name: action,
      payload: {
        InSkillProduct: { productId: product.productId },
        ...(action === 'Upsell' && upsellMessage ? { upsellMessage } : {}),
      },
      token: encodeToken({ action, ref: product.ref, resume }),
    })
    .withShouldEndSession(true)
    .getResponse();
}
