import type { Response } from 'ask-sdk-model';
import { locale } from '../../../conversation/request';
import type { Turn } from '../../../conversation/turn';
import { loadProducts } from '../../purchases/adapters/in-skill-products-catalogue';
import { owns, productIn } from '../../purchases/domain/products';
import { sendPurchaseRequest } from '../../purchases/handlers/directives';
import { maySuggestNow } from '../../purchases/handlers/offers';
import { resolveAirport, roundDistanceForSpeech, roundForSpeech } from '../domain';
import {
  datasetFor,
  distanceUnitFor,
  type FlightRequest,
  footprintOfFlight,
  nonCo2Detail,
  recordFlight,
  usesTravelPack,
  withoutTravelPack,
} from '../domain/footprints';
import { plusSuggestion, remember } from './remember';
import { askForDetail, speakEstimate } from './render';

/**
 * A flight question, from the intent or resumed after a purchase. Travel Pack features (a stopover, cabin class,
 * several travellers) need the Travel Pack: the owner gets them with the non-CO2 detail; anyone else gets the
 * Travel Pack suggested (once a session, not after a recent "no"), or the free one-traveller economy estimate.
 * When resuming after Amazon's purchase flow, `resumed` says whether the Travel Pack was bought; a resumed flight
 * never suggests again, whatever the flow's result was.
 */
export async function answerFlight(
  turn: Turn,
  request: FlightRequest,
  resumed?: { readonly travelPackBought: boolean },
): Promise<Response> {
  const travelPackBought = resumed?.travelPackBought === true;
  let asked = request;
  let freeNote = false;
  let hasPack = travelPackBought;
  if (usesTravelPack(request) && !travelPackBought) {
    const catalog = await loadProducts(turn.input, turn.deps.logger);
    hasPack = owns(catalog, 'travel_pack');
    if (!hasPack) {
      const now = turn.deps.clock();
      const pack = productIn(catalog, 'travel_pack');
      if (pack && !resumed && request.from && request.to && (await maySuggestNow(turn, catalog, 'travel_pack'))) {
        const pendingFlight = {
          from: request.from,
          to: request.to,
          via: request.via,
          cabin: request.cabin,
          passengers: request.passengers,
          roundTrip: request.roundTrip,
          at: now.toISOString(),
        };
        await turn.store.update((current) => ({ ...current, pendingFlight }));
        return sendPurchaseRequest(turn, 'Upsell', pack, 'flight', turn.messages.purchases.upsell.travel_pack);
      }
      asked = withoutTravelPack(request);
      freeNote = pack !== undefined;
    }
  } else if (usesTravelPack(request)) {
    hasPack = true;
  }

  const outcome = footprintOfFlight(asked, datasetFor(locale(turn.input)), resolveAirport);
  if (outcome.kind !== 'estimate') return askForDetail(turn, outcome);
  const plan = outcome.estimate;
  const recorded = recordFlight(plan, turn.deps.clock());
  const count = await remember(turn, recorded);
  const unit = distanceUnitFor(locale(turn.input));
  const messages = turn.messages.footprint;
  const detail = hasPack ? nonCo2Detail(recorded.grams, plan.estimate.includesNonCo2Uplift) : undefined;
  return speakEstimate(turn, recorded, {
    activity: messages.flight(plan, roundDistanceForSpeech(plan.estimate.distanceKm, unit)),
    who: messages.forTravellers(plan.estimate.passengers),
    unit,
    flight: true,
    ...(freeNote ? { before: turn.messages.purchases.freeFlight } : {}),
    ...(detail ? { after: messages.nonCo2(detail.kind, messages.amount(roundForSpeech(detail.grams))) } : {}),
    suggestion: await plusSuggestion(turn, count),
  });
}
