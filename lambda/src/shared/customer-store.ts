import type { AttributesManager } from 'ask-sdk-core';
import { type CustomerState, parseCustomerState, serializeCustomerState } from './customer-state';
import { ConcurrentModificationError, canonicalJson } from './dynamodb-persistence-adapter';
import { GreenHorizonsError, PersistenceError } from './errors';

/** A change to the customer's state and what it decided; `state` unchanged means nothing is written. */
export interface Transition<R> {
  readonly state: CustomerState;
  readonly result: R;
}

/** The customer's state kept on another device changed faster than this request could apply its change. */
export class StateConflictError extends GreenHorizonsError {
  override readonly name = 'StateConflictError';
}

const MAX_ATTEMPTS = 3;

/**
 * Reads and changes the customer's state for one request.
 *
 * - `read` costs at most one DynamoDB read per request (ask-sdk-core's AttributesManager caches it).
 * - `transact` applies a pure transition and saves it with a conditional write. If another request of the same
 *   customer saved first, it re-reads and applies the transition again to the fresh state (so two devices can
 *   never silently overwrite each other), up to three times; then it throws StateConflictError.
 *   A transition that returns the state unchanged writes nothing.
 */
export class CustomerStore {
  constructor(private readonly attributes: AttributesManager) {}

  async read(): Promise<CustomerState> {
    return parseCustomerState(await this.attributes.getPersistentAttributes());
  }

  async transact<R>(transition: (state: CustomerState) => Transition<R>): Promise<Transition<R>> {
    let fresh = false;
    for (let attempt = 1; ; attempt++) {
      const current = parseCustomerState(await this.attributes.getPersistentAttributes(!fresh));
      const next = transition(current);
      const serialized = serializeCustomerState(next.state);
      if (canonicalJson(serialized) === canonicalJson(serializeCustomerState(current))) return next;
      this.attributes.setPersistentAttributes(serialized);
      try {
        await this.attributes.savePersistentAttributes();
        return next;
      } catch (error) {
        if (!(error instanceof ConcurrentModificationError)) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          throw new StateConflictError('Gave up after repeated concurrent changes', { cause: error });
        }
        fresh = true;
      }
    }
  }

  async update(change: (state: CustomerState) => CustomerState): Promise<CustomerState> {
    return (await this.transact((state) => ({ state: change(state), result: undefined }))).state;
  }

  async delete(): Promise<void> {
    if (!this.attributes.deletePersistentAttributes)
      throw new PersistenceError('The persistence adapter cannot delete');
    await this.attributes.deletePersistentAttributes();
  }
}
