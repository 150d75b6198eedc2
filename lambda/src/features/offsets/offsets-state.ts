/** The offsets feature's slice of the customer's state (orders and plans are records of their own: ports.ts). */
import { type StateSlice, stateSlice } from '../../shared/customer-store';
import { text } from '../../shared/stored-values';

export interface OffsetsState {
  /** The offset order in progress or last placed (its record is `order#<id>` in the same table). */
  readonly currentOrderId: string | undefined;
  /** An OPEN Amazon Pay billing agreement from an earlier Setup, reused for the next Charge. Never a buyer ID. */
  readonly billingAgreementId: string | undefined;
}

export const offsetsState: StateSlice<OffsetsState> = stateSlice<OffsetsState>(
  { currentOrderId: undefined, billingAgreementId: undefined },
  (stored) => ({ currentOrderId: text(stored.currentOrderId), billingAgreementId: text(stored.billingAgreementId) }),
);
