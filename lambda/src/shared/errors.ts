/**
 * The one error hierarchy. Every error the skill raises on purpose is a `GreenHorizonsError`: a name to log and match
 * on, a message that is safe to log (no tokens, personal data or request headers), and the error that caused it in
 * `cause` (standard `ErrorOptions`), so a log line or a test can follow the chain without string matching.
 *
 * Broken invariants in pure code (an amount that is not an integer, an ID of the wrong shape) stay the standard
 * `RangeError` and `TypeError`, as in the standard library: they mean a bug, and nothing catches them on purpose.
 */
export class GreenHorizonsError extends Error {
  override readonly name: string = 'GreenHorizonsError';
}

/** The deployment's configuration is wrong (a variable missing or out of range): fix the environment, not the code. */
export class ConfigError extends GreenHorizonsError {
  override readonly name = 'ConfigError';
}

/** The request envelope lacks something every request must carry (for example the user ID). */
export class MalformedRequestError extends GreenHorizonsError {
  override readonly name = 'MalformedRequestError';
}

/** The persistence adapter cannot do what was asked of it (for example it has no delete). */
export class PersistenceError extends GreenHorizonsError {
  override readonly name = 'PersistenceError';
}
