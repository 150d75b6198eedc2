/**
 * The shapes of the IDs Alexa puts in a request, checked before anything is keyed on them.
 *
 * The customer's item is keyed on the Alexa user ID itself (the official persistence adapter's table shape), and the
 * same table holds orders, plans and retirements under keys of the form `<kind>#…`. A user ID is always
 * `amzn1.ask.account.` followed by letters, digits, `.`, `_` or `-` (never `#`), so the customers' key space and every
 * other kind's are disjoint: no request can name another item, whatever it puts in `userId`.
 */
const USER_ID = /^amzn1\.ask\.account\.[A-Za-z0-9._-]{1,512}$/;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,200}$/;

export function isAlexaUserId(value: unknown): value is string {
  return typeof value === 'string' && USER_ID.test(value);
}

/** A request ID fit to be recorded with the writes it makes (Alexa's are `amzn1.echo-api.request.<uuid>`). */
export function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && REQUEST_ID.test(value);
}
