import type { SpeechPart } from '../../../conversation/messages';
import type { Turn } from '../../../conversation/turn';
import { loadProducts } from '../../purchases/adapters/in-skill-products-catalogue';
import { appendToLog, declinedRecently, estimatesThisMonth } from '../../purchases/domain/products';
import { maySuggestNow, setOffer, suggestedThisSession } from '../../purchases/handlers/offers';
import type { RecordedEstimate } from '../domain/footprints';

/** Keeps the estimate as the last one (what an offset sells) and in the log; returns how many this month. */
export async function remember(turn: Turn, recorded: RecordedEstimate): Promise<number> {
  const now = turn.deps.clock();
  const state = await turn.store.update((current) => ({
    ...current,
    lastEstimate: recorded,
    log: appendToLog(current.log, recorded, now),
  }));
  return estimatesThisMonth(state.log, now);
}

const SUGGEST_PLUS_FROM = 3;

/**
 * After a free estimate, where it fits: from the third estimate of the month, once per session, never to a
 * subscriber or within the cooling-off after a "no", suggest Plus in the skill's own words. "Yes" then starts the
 * purchase flow (AMAZON.YesIntent with the offer set). The catalog is only fetched when everything else allows it.
 */
export async function plusSuggestion(turn: Turn, countThisMonth: number): Promise<SpeechPart | undefined> {
  if (countThisMonth < SUGGEST_PLUS_FROM || suggestedThisSession(turn)) return undefined;
  const state = await turn.store.read();
  const now = turn.deps.clock();
  if (declinedRecently(state.declines, 'green_horizons_plus', now)) return undefined;
  const catalog = await loadProducts(turn.input, turn.deps.logger);
  if (!(await maySuggestNow(turn, catalog, 'green_horizons_plus'))) return undefined;
  setOffer(turn, 'green_horizons_plus', true);
  return turn.messages.purchases.suggestPlus(countThisMonth);
}
