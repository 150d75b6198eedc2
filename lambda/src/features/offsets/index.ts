/**
 * Offsets (a real-world service): Charge Now for one offset, Charge Later for a monthly plan, through a payment rail
 * (the linked account's card, or Amazon Pay), fulfilled through an offset provider. What other parts of the skill
 * may use of it is exported here, and only here (the composition root also builds the adapters in adapters/).
 */
// What configuration (app/config.ts) checks offsets settings with.
export {
  type AmazonPayConfig,
  amazonPayConfigProblems,
  type CheckoutLanguage,
  type CountryOfEstablishment,
  type DeclineReason,
  LEDGER_CURRENCY,
} from './domain/amazon-pay';
export { type Currency, isCurrency } from './domain/money';
export { RAIL_NAMES, type RailName } from './domain/payment';
export { DEFAULT_OFFSET_PRICING, type OffsetPricing, pricingProblems, taxCountryCode } from './domain/quote';
export {
  cancelPlanWhenDisabled,
  createOffsetsHandlers,
  createPaymentResponseHandler,
  type OffsetsDeps,
  offsetsAnswers,
  offsetsElsewhere,
  offsetsFollowUp,
  resumeOrderAtLaunch,
} from './handlers';
export {
  ACCESS_TOKEN_AUDIENCE,
  type LinkedCardConfig,
  type OffsetConfig,
  REFUND_WINDOW_MS,
  type Secret,
} from './offsets-config';
export { type OffsetsState, offsetsState } from './offsets-state';
export type {
  AccountRecords,
  AmazonPayApi,
  MerchantCharges,
  OffsetProvider,
  OffsetStore,
  OrderMailer,
  PaymentRail,
} from './ports';
export type { OffsetServices } from './use-cases/outcome';
export { type MonthlyChargesDeps, type MonthlyRunSummary, runMonthlyCharges } from './use-cases/run-monthly-charges';
