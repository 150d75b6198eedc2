import type { AttributesManager } from 'ask-sdk-core';
import { ConcurrentModificationError, canonicalJson } from './dynamodb-persistence-adapter';
import { GreenHorizonsError, PersistenceError } from './errors';
import type { Raw } from './stored-values';

/**
 * One area's part of the customer's persisted state. The customer's item (ask-sdk-core's persistent attributes, under
 * `attributes` in their DynamoDB item) is shared: each area owns some of its keys and reads and writes only those, so a
 * feature's state is declared beside the feature and no module has to know them all (app/customer-state.ts lists them).
 */
export interface StateSlice<S extends object> {
  /** The stored keys this slice owns (a write replaces exactly these); no two slices share a key. */
  readonly keys: readonly string[];
  /** Reads the slice from whatever is stored, with defaults where a value does not fit. Never throws. */
  parse(stored: Raw): S;
}

/** A slice whose keys are those of its defaults (its state when nothing is stored). */
export function stateSlice<S extends object>(defaults: S, parse: (stored: Raw) => S): StateSlice<S> {
  return { keys: Object.keys(defaults), parse };
}

/** A change to a slice and what it decided; `state` unchanged means nothing is written. */
export interface Transition<S, R> {
  readonly state: S;
  readonly result: R;
}

/** The customer's state kept on another device changed faster than this request could apply its change. */
export class StateConflictError extends GreenHorizonsError {
  override readonly name = 'StateConflictError';
}

/** Reads another slice from the same version of the item a transition runs on (read only). */
export type ReadSlice = <T extends object>(slice: StateSlice<T>) => T;

/** One slice of the customer's state, for one request: what a feature's use cases are given. */
export interface SliceStore<S> {
  read(): Promise<S>;
  transact<R>(transition: (state: S, read: ReadSlice) => Transition<S, R>): Promise<Transition<S, R>>;
  update(change: (state: S) => S): Promise<S>;
}

const MAX_ATTEMPTS = 3;

/** Plain JSON, undefined fields dropped: the stored form of a slice. */
function stored<S extends object>(slice: StateSlice<S>, state: S): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
  return Object.fromEntries(slice.keys.flatMap((key) => (key in plain ? [[key, plain[key]]] : [])));
}

/**
 * Reads and changes the customer's state for one request.
 *
 * - `read` costs at most one DynamoDB read per request (ask-sdk-core's AttributesManager caches it), whatever the
 *   number of slices read.
 * - `transact` applies a pure transition to one slice and saves it with a conditional write; the keys of other slices
 *   are written back as they were read (a transition may read them, from the same version of the item). If another request of the same customer saved first, it re-reads and applies
 *   the transition again to the fresh state (so two devices can never silently overwrite each other), up to three
 *   times; then it throws StateConflictError. A transition that leaves the slice as it was writes nothing.
 */
export class CustomerStore {
  constructor(private readonly attributes: AttributesManager) {}

  /** The slice's store for this request. */
  slice<S extends object>(slice: StateSlice<S>): SliceStore<S> {
    return {
      read: () => this.read(slice),
      transact: (transition) => this.transact(slice, transition),
      update: (change) => this.update(slice, change),
    };
  }

  async read<S extends object>(slice: StateSlice<S>): Promise<S> {
    return slice.parse(await this.attributes.getPersistentAttributes());
  }

  async transact<S extends object, R>(
    slice: StateSlice<S>,
    transition: (state: S, read: ReadSlice) => Transition<S, R>,
  ): Promise<Transition<S, R>> {
    let fresh = false;
    for (let attempt = 1; ; attempt++) {
      const item: Raw = await this.attributes.getPersistentAttributes(!fresh);
      const current = slice.parse(item);
      const next = transition(current, (other) => other.parse(item));
      const written = stored(slice, next.state);
      if (canonicalJson(written) === canonicalJson(stored(slice, current))) return next;
      const others = Object.fromEntries(Object.entries(item).filter(([key]) => !slice.keys.includes(key)));
      this.attributes.setPersistentAttributes({ ...others, ...written });
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

  async update<S extends object>(slice: StateSlice<S>, change: (state: S) => S): Promise<S> {
    return (await this.transact(slice, (state) => ({ state: change(state), result: undefined }))).state;
  }

  /** Deletes the customer's whole item (every slice). */
  async delete(): Promise<void> {
    if (!this.attributes.deletePersistentAttributes)
      throw new PersistenceError('The persistence adapter cannot delete');
    await this.attributes.deletePersistentAttributes();
  }
}
