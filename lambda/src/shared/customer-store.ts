import { randomUUID } from 'node:crypto';
import type { AttributesManager } from 'ask-sdk-core';
import { isRequestId } from './alexa-ids';
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

// ---------------------------------------------------------------------------------------------------------------
// Idempotent writes: each write records the request (and the change within it) that made it

/**
 * Where a record keeps the IDs of the last writes applied to it (the customer's item: under `attributes`, beside the
 * slices' keys, which no slice may claim). A write whose answer was lost is found here by the retry that follows it,
 * which then returns what the write decided instead of applying the transition a second time.
 */
export const APPLIED_WRITES_KEY = 'appliedWrites';
/** Enough for every write of the same record that can land between a lost answer and its retry (a few at most). */
export const APPLIED_WRITES_KEPT = 10;

/** The write IDs a record carries (none when the field is missing or not a list of strings). */
export function appliedWrites(stored: unknown): readonly string[] {
  return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
}

/** The record's list with `writeId` added last, the oldest dropped beyond APPLIED_WRITES_KEPT. */
export function withAppliedWrite(stored: unknown, writeId: string): string[] {
  return [...appliedWrites(stored).filter((id) => id !== writeId), writeId].slice(-APPLIED_WRITES_KEPT);
}

/**
 * One request's write IDs: `<requestId>#1`, `<requestId>#2`, … one per change it makes, the same on every retry of
 * that change. Alexa's request ID is unique per request; a request without a usable one gets a random ID.
 */
export class WriteIds {
  private count = 0;
  private readonly requestId: string;

  constructor(requestId: unknown) {
    this.requestId = isRequestId(requestId) ? requestId : `local-${randomUUID()}`;
  }

  next(): string {
    this.count += 1;
    return `${this.requestId}#${this.count}`;
  }
}

/**
 * A store made without a request's IDs (the scheduled job, tests of one store) gets a random request ID of its own,
 * made on its first write.
 */
export function lazyWriteIds(): () => WriteIds {
  let ids: WriteIds | undefined;
  return () => {
    ids ??= new WriteIds(undefined);
    return ids;
  };
}

const WRITE_IDS = new WeakMap<object, WriteIds>();

/** The write IDs of the request this envelope carries (one sequence however many stores a request builds). */
export function writeIdsFor(envelope: { readonly request?: { readonly requestId?: unknown } }): WriteIds {
  let ids = WRITE_IDS.get(envelope);
  if (!ids) {
    ids = new WriteIds(envelope.request?.requestId);
    WRITE_IDS.set(envelope, ids);
  }
  return ids;
}

/**
 * A failed write whose outcome is unknown: it timed out or its connection broke after it was sent, or DynamoDB
 * answered 5xx, so it may have been applied. (A conditional-check failure, a throttle or a validation error means it
 * was not; the turn's deadline means there is no time left to find out.)
 */
export function mayHaveLanded(error: unknown): boolean {
  if (!(error instanceof Error) || error.name === 'DeadlineExceededError') return false;
  const code = (error as { code?: unknown }).code;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return (
    error.name === 'TimeoutError' ||
    (typeof code === 'string' && ['ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code)) ||
    (typeof status === 'number' && status >= 500) ||
    // The SDK's retry middleware wraps what is not an Error of this realm ("AWS SDK error wrapper for TimeoutError").
    /^AWS SDK error wrapper for (TimeoutError|Error: socket hang up)/.test(error.message)
  );
}

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
 *   are written back as they were read (a transition may read them, from the same version of the item). If another
 *   request of the same customer saved first, it re-reads and applies the transition again to the fresh state (so
 *   two devices can never silently overwrite each other), up to three times; then it throws StateConflictError. A
 *   transition that leaves the slice as it was writes nothing.
 * - Each write carries its write ID (`APPLIED_WRITES_KEY`). When a write's answer is lost (the SDK's own retry then
 *   meets a changed version, or the write timed out), the re-read shows whether it landed: if the item carries this
 *   change's ID, the change is done and its result is returned; it is never applied twice (a Reduction Plan used
 *   once is counted once).
 */
export class CustomerStore {
  /** `writeIds`: the request's write IDs, asked for on the first change (a turn that changes nothing pays nothing). */
  constructor(
    private readonly attributes: AttributesManager,
    private readonly writeIds: () => WriteIds = lazyWriteIds(),
  ) {}

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
    const writeId = this.writeIds().next();
    /** The transition whose write was last sent: if the item carries `writeId`, that write landed. */
    let sent: Transition<S, R> | undefined;
    for (let attempt = 1; ; attempt++) {
      const item: Raw = await this.attributes.getPersistentAttributes(sent === undefined);
      if (sent && appliedWrites(item[APPLIED_WRITES_KEY]).includes(writeId)) return sent;
      const current = slice.parse(item);
      const next = transition(current, (other) => other.parse(item));
      const written = stored(slice, next.state);
      if (canonicalJson(written) === canonicalJson(stored(slice, current))) return next;
      const others = Object.fromEntries(Object.entries(item).filter(([key]) => !slice.keys.includes(key)));
      this.attributes.setPersistentAttributes({
        ...others,
        ...written,
        [APPLIED_WRITES_KEY]: withAppliedWrite(item[APPLIED_WRITES_KEY], writeId),
      });
      sent = next;
      try {
        await this.attributes.savePersistentAttributes();
        return next;
      } catch (error) {
        const conflict = error instanceof ConcurrentModificationError;
        if (!conflict && !mayHaveLanded(error)) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          throw conflict
            ? new StateConflictError('Gave up after repeated concurrent changes', { cause: error })
            : error;
        }
      }
    }
  }

  async update<S extends object>(slice: StateSlice<S>, change: (state: S) => S): Promise<S> {
    return (await this.transact(slice, (state) => ({ state: change(state), result: undefined }))).state;
  }

  /** Deletes the customer's whole item (every slice); a delete whose outcome is unknown is sent again (it is idempotent). */
  async delete(): Promise<void> {
    if (!this.attributes.deletePersistentAttributes)
      throw new PersistenceError('The persistence adapter cannot delete');
    try {
      await this.attributes.deletePersistentAttributes();
    } catch (error) {
      if (!mayHaveLanded(error)) throw error;
      await this.attributes.deletePersistentAttributes();
    }
  }
}
