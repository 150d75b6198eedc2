import { sharedKeys } from '../../lambda/src/app/customer-state';
import {
  APPLIED_WRITES_KEPT,
  APPLIED_WRITES_KEY,
  appliedWrites,
  mayHaveLanded,
  stateSlice,
  WriteIds,
  withAppliedWrite,
  writeIdsFor,
} from '../../lambda/src/shared/customer-store';
import { DeadlineExceededError } from '../../lambda/src/shared/deadline';

/** The pieces of the idempotent-write mechanism (shared/customer-store.ts), which the offset store can reuse. */
describe('write IDs', () => {
  it('number the changes of one request, the same sequence however many stores the request builds', () => {
    const envelope = { request: { requestId: 'amzn1.echo-api.request.abc-123' } };

    expect(writeIdsFor(envelope).next()).toBe('amzn1.echo-api.request.abc-123#1');
    expect(writeIdsFor(envelope).next()).toBe('amzn1.echo-api.request.abc-123#2');
    expect(writeIdsFor({ request: { requestId: 'amzn1.echo-api.request.other' } }).next()).toMatch(/#1$/);
  });

  it('never take a request ID that could not be one (too long, odd characters): a random one instead', () => {
    expect(new WriteIds('x'.repeat(1000)).next()).toMatch(/^local-[0-9a-f-]{36}#1$/);
    expect(new WriteIds('a#b').next()).toMatch(/^local-/);
    expect(new WriteIds(undefined).next()).toMatch(/^local-/);
  });
});

describe('the applied writes a record keeps', () => {
  it('adds the newest last, keeps a bounded number, and reads junk as none', () => {
    let list: unknown;
    for (let n = 1; n <= APPLIED_WRITES_KEPT + 3; n++) list = withAppliedWrite(list, `r#${n}`);

    expect(appliedWrites(list)).toHaveLength(APPLIED_WRITES_KEPT);
    expect(appliedWrites(list).at(-1)).toBe(`r#${APPLIED_WRITES_KEPT + 3}`);
    expect(appliedWrites(list)).not.toContain('r#1');
    expect(appliedWrites('r#1')).toEqual([]);
    expect(appliedWrites([1, 'r#2', null])).toEqual(['r#2']);
  });

  it('is a key no slice of the customer state may claim', () => {
    expect(sharedKeys([stateSlice({ [APPLIED_WRITES_KEY]: [] }, () => ({ [APPLIED_WRITES_KEY]: [] }))])).toEqual([
      APPLIED_WRITES_KEY,
    ]);
    expect(sharedKeys()).toEqual([]);
  });
});

describe('a failed write may have landed', () => {
  it.each([
    [Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' }), true],
    [Object.assign(new Error('gone'), { code: 'EPIPE' }), true],
    [Object.assign(new Error('internal'), { $metadata: { httpStatusCode: 500 } }), true],
    [new Error('AWS SDK error wrapper for TimeoutError: socket hang up'), true],
    [Object.assign(new Error('throttled'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }), false],
    [new DeadlineExceededError('late'), false],
    ['not an error', false],
  ])('%p: %p', (error, expected) => {
    expect(mayHaveLanded(error)).toBe(expected);
  });
});
