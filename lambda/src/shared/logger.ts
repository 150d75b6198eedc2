import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs (Powertools Logger). What we log is chosen field by field: request type, intent,
 * locale, outcome codes and latency. Never tokens, user or buyer IDs, names, emails or addresses.
 *
 * Whatever is chosen, every value passes through `safeForLog` on its way out (the logger's JSON replacer), the one
 * place where logged text is bounded and redacted: a 1 MB intent name from a forged request becomes 300 characters,
 * an error message that quotes an `Authorization: Bearer …` header loses the credential.
 */
export type AppLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error' | 'appendKeys' | 'resetKeys'>;

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Longest string logged, in characters; longer ones are cut and marked. */
export const MAX_LOGGED_CHARS = 300;
/** Most items of one array logged. */
const MAX_LOGGED_ITEMS = 20;

export function createLogger(level: LogLevel): AppLogger {
  return new Logger({
    serviceName: 'green-horizons',
    logLevel: level,
    jsonReplacerFn: (key, value) => safeForLog(key, value),
  });
}

const REDACTED = '[redacted]';

/** Credentials and identifiers that may turn up inside text (an error message quoting a request, a URL). */
const SECRETS: ReadonlyArray<readonly [RegExp, string]> = [
  // An Authorization (or Proxy-Authorization) header, quoted in any of the usual ways, whatever its scheme.
  [/\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)[^"'\r\n,;}]*/gi, `$1$2${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=|-]+/gi, `$1 ${REDACTED}`],
  // JWTs (the Alexa API access token, OAuth access tokens) and Login with Amazon tokens.
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/\bAtz[ar]\|[^\s"',;]+/g, REDACTED],
  // Stripe keys and webhook secrets.
  [/\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]+/g, REDACTED],
  [/\bwhsec_[A-Za-z0-9]+/g, REDACTED],
  // key=value and "key": "value" pairs whose key names a secret.
  [
    /\b((?:access[_-]?token|api[_-]?key|apiAccessToken|client[_-]?secret|password|secret|token|x-api-key|cookie)\b["']?\s*[:=]\s*["']?)[^"'\s,;&}]+/gi,
    `$1${REDACTED}`,
  ],
  // Alexa user and person IDs are personal data.
  [/\bamzn1\.ask\.(account|person)\.[A-Za-z0-9._-]+/g, `amzn1.ask.$1.${REDACTED}`],
];

/** Field names whose value is a credential whatever it looks like. */
const SECRET_KEYS =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-?key|apiAccessToken|accessToken|access_token|refresh_token|client_secret|password|secret|token)$/i;

/**
 * What every secret pattern above needs somewhere in the text: most logged values (request types, intents, locales,
 * outcome codes) have none of these, and are passed after this one test.
 */
const MAYBE_SECRET =
  /authoriz|bearer|basic|eyJ|Atz[ar]\||_live_|_test_|whsec_|token|key|secret|password|cookie|amzn1\.ask\./i;

/** Text fit for a log line: credentials and IDs redacted, at most MAX_LOGGED_CHARS characters. */
export function redact(text: string): string {
  // Cut first (with room for the patterns to see whole tokens at the edge), then redact, then cut to size.
  let result = text.length > MAX_LOGGED_CHARS * 4 ? text.slice(0, MAX_LOGGED_CHARS * 4) : text;
  if (MAYBE_SECRET.test(result)) {
    for (const [pattern, replacement] of SECRETS) result = result.replace(pattern, replacement);
  }
  return result.length > MAX_LOGGED_CHARS ? `${result.slice(0, MAX_LOGGED_CHARS)}…[${text.length} chars]` : result;
}

/** The logger's JSON replacer: every key and value of every log line comes through here. */
export function safeForLog(key: string, value: unknown): unknown {
  if (typeof value === 'string') return SECRET_KEYS.test(key) ? REDACTED : redact(value);
  if (value instanceof Error) return describeError(value);
  if (Array.isArray(value) && value.length > MAX_LOGGED_ITEMS) {
    return [...value.slice(0, MAX_LOGGED_ITEMS), `…[${value.length} items]`];
  }
  if (SECRET_KEYS.test(key) && value !== undefined && value !== null && typeof value === 'object') return REDACTED;
  return value;
}

/**
 * Reduces an unknown error to fields that are safe to log (and to store: fulfilment failures keep the message).
 * HTTP client errors carry request headers (the Alexa API access token among them), so they are never logged whole,
 * and their messages are redacted.
 */
export function describeError(error: unknown): { errorName: string; errorMessage: string; errorCode?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      errorName: redact(error.name),
      errorMessage: redact(error.message),
      ...(typeof code === 'string' ? { errorCode: redact(code) } : {}),
    };
  }
  return { errorName: 'NonError', errorMessage: typeof error === 'string' ? redact(error) : typeof error };
}
