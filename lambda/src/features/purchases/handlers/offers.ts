import type { Turn } from '../../../conversation/turn';
import { maySuggest, PRODUCT_REFS, type ProductList, type ProductRef } from '../domain/products';

/**
 * A product the skill has just described or suggested in speech, so that "yes" buys it and "no" declines it.
 * Session-only: it means nothing once the session ends. `suggested` enforces one suggestion per session.
 */
export function pendingOffer(turn: Turn): ProductRef | undefined {
  const offer = turn.input.attributesManager.getSessionAttributes().offer;
  return PRODUCT_REFS.find((ref) => ref === offer);
}

export function setOffer(turn: Turn, ref: ProductRef | undefined, suggested = false): void {
  const { offer: _previous, awaiting: _question, ...session } = turn.input.attributesManager.getSessionAttributes();
  turn.input.attributesManager.setSessionAttributes({
    ...session,
    ...(ref ? { offer: ref } : {}),
    ...(suggested ? { suggested: true } : {}),
  });
}

export function suggestedThisSession(turn: Turn): boolean {
  return turn.input.attributesManager.getSessionAttributes().suggested === true;
}

/** Whether the skill may suggest `ref` now: the domain's rule, fed with this customer's state and session. */
export async function maySuggestNow(turn: Turn, catalog: ProductList, ref: ProductRef): Promise<boolean> {
  const state = await turn.store.read();
  return maySuggest(ref, {
    catalog,
    plansUsed: state.plansUsed,
    declines: state.declines,
    suggestedThisSession: suggestedThisSession(turn),
    now: turn.deps.clock(),
  });
}
