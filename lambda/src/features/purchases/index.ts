/**
 * In-Skill Purchasing (digital extras): what can be bought, buying, cancelling, the premium features themselves, and
 * Amazon's purchase flow coming back. What other parts of the skill may use of it is exported here, and only here
 * (the composition root also builds the product catalogue adapter in adapters/).
 */
export { plusSuggestion, travelPackGate } from './extensions';
export {
  createPurchaseResponseHandler,
  createPurchasesHandlers,
  type OtherPurchases,
  type PurchasesDeps,
  purchasesAnswers,
  purchasesPortsFor,
  purchasesSlotHelp,
} from './handlers';
export type { ProductCatalogue } from './ports';
export { type PurchasesState, purchasesState } from './purchases-state';
