/**
 * What other features add to an estimate. Footprint imports none of them: the composition root (app/) hands these in,
 * so the dependency runs one way (purchases and offsets know footprint; footprint knows only these shapes).
 */
import type { AskedQuestion, HandOff } from '../../conversation/reply';
import type { SpeechPart } from '../../shared/ssml';
import type { FlightRequest, RecordedEstimate } from './domain/footprints';

/** What the Travel Pack decides for a flight that asks for its features (a stopover, a cabin, several travellers). */
export type TravelPackAccess =
  /** The customer has it: the flight is estimated as asked, with the non-CO2 detail. */
  | { readonly kind: 'owned' }
  /** Estimate the free version (one traveller, economy, direct); `note`, when the pack is sold here, says so first. */
  | { readonly kind: 'free'; readonly note: SpeechPart | undefined }
  /** Suggest the pack now: Amazon's Upsell flow takes over, and the flight is answered when it comes back. */
  | { readonly kind: 'hand-off'; readonly handOff: HandOff };

/**
 * The Travel Pack gate for one turn. `resumed`: the flight is being answered after Amazon's purchase flow, so it
 * must not be suggested again.
 */
export type TravelPackGate = (flight: FlightRequest, resumed: boolean) => Promise<TravelPackAccess>;

/**
 * A question another feature asks after an estimate, in place of the footprint's own follow-up (a product
 * suggestion, an offer to offset the estimate); undefined to let the next one, or the footprint, speak.
 */
export type EstimateFollowUp = (
  estimatesThisMonth: number,
  estimate: RecordedEstimate,
) => Promise<AskedQuestion | undefined>;

/** The extensions for one turn, as the composition root builds them from the turn. */
export interface FootprintExtensions {
  readonly travelPack: TravelPackGate;
  readonly followUps: readonly EstimateFollowUp[];
}
