import type { HandOff } from '../../conversation/reply';
import { encodeToken, type Product, type PurchaseAction, type Resume } from './domain/products';

/**
 * Hands the customer to Amazon's purchase flow. The directive ends the session, so nothing else goes with it:
 * no speech (Amazon speaks the product's prompt and price), no reprompt. What the skill needs to carry on later
 * travels in the token and in persisted state, never in session attributes.
 */
export function purchaseHandOff(
  action: PurchaseAction,
  product: Product,
  resume: Resume,
  upsellMessage?: string,
): HandOff {
  return {
    type: 'Connections.SendRequest',
    name: action,
    payload: {
      InSkillProduct: { productId: product.productId },
      ...(action === 'Upsell' && upsellMessage ? { upsellMessage } : {}),
    },
    token: encodeToken({ action, ref: product.ref, resume }),
  };
}

/** A Reduction Plan bought goes straight to using one; anything else carries on where the customer was. */
export function resumeAfterBuying(product: Product): Resume {
  return product.ref === 'reduction_plan' ? 'plan' : 'none';
}
