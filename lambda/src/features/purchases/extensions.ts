/**
 * What purchases adds to a footprint estimate (footprint/extensions.ts declares the shapes; app/ wires them in): the
 * Travel Pack gate for flights that ask for its features, and the Plus suggestion after the third estimate of a month.
 */
import type { AskedQuestion } from '../../conversation/reply';
import type { Turn } from '../../conversation/turn';
import type { EstimateFollowUp, TravelPackGate } from '../footprint';
import { declinedRecently, owns, productIn } from './domain/products';
import { purchaseHandOff } from './hand-off';
import { purchasesMessagesFor } from './messages';
import { handOff, maySuggestNow, type PurchasesPorts } from './use-cases';

/**
 * Owners get the Travel Pack's features; anyone else gets the pack suggested (once a session, not after a recent
 * "no", never on a flight resumed after a purchase flow), with the flight kept for when Amazon's flow comes back, or
 * the free estimate, said to be one.
 */
export function travelPackGate(turn: Turn, ports: PurchasesPorts): TravelPackGate {
  return async (flight, resumed) => {
    const list = await ports.catalogue.products();
    if (owns(list, 'travel_pack')) return { kind: 'owned' };
    const messages = purchasesMessagesFor(turn.locale);
    const pack = productIn(list, 'travel_pack');
    if (pack && !resumed && flight.from && flight.to && (await maySuggestNow(ports, list, 'travel_pack'))) {
      const pendingFlight = {
        from: flight.from,
        to: flight.to,
        via: flight.via,
        cabin: flight.cabin,
        passengers: flight.passengers,
        roundTrip: flight.roundTrip,
        at: ports.clock().toISOString(),
      };
      await ports.purchases.update((state) => ({ ...state, pendingFlight }));
      const upsell = handOff(ports, 'Upsell', pack, 'flight');
      return {
        kind: 'hand-off',
        handOff: purchaseHandOff(upsell.action, upsell.product, upsell.resume, messages.upsell.travel_pack),
      };
    }
    return { kind: 'free', note: pack ? messages.freeFlight : undefined };
  };
}

const SUGGEST_PLUS_FROM = 3;

/**
 * After a free estimate, where it fits: from the third estimate of the month, once per session, never to a
 * subscriber or within the cooling-off after a "no", suggest Plus in the skill's own words. "Yes" then starts the
 * purchase flow. The products are only fetched when everything else allows it.
 */
export function plusSuggestion(turn: Turn, ports: PurchasesPorts): EstimateFollowUp {
  return async (countThisMonth): Promise<AskedQuestion | undefined> => {
    if (countThisMonth < SUGGEST_PLUS_FROM || ports.suggestedThisSession()) return undefined;
    const state = await ports.purchases.read();
    if (declinedRecently(state.declines, 'green_horizons_plus', ports.clock())) return undefined;
    const list = await ports.catalogue.products();
    if (!(await maySuggestNow(ports, list, 'green_horizons_plus'))) return undefined;
    turn.conversation.markSuggested();
    const speech = purchasesMessagesFor(turn.locale).suggestPlus(countThisMonth);
    return { speech, reprompt: speech, question: { kind: 'buy-product', product: 'green_horizons_plus' } };
  };
}
