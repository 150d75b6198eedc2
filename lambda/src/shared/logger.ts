import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs (Powertools Logger). What we log is chosen field by field: request type, intent,
 * locale, outcome codes and latency. Never tokens, user or buyer IDs, names, emails or addresses.
 */
export type AppLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error' | 'appendKeys' | 'resetKeys'>;

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(level: LogLevel): AppLogger {
  return new Logger({ serviceName: 'green-horizons', logLevel: level });
}

/**
 * Reduces an unknown error to fields that are safe to log. HTTP client errors carry request headers
 * (the Alexa API access token among them), so they are never logged whole.
 */
export function describeError(error: unknown): { errorName: string; errorMessage: string; errorCode?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      errorName: error.name,
      errorMessage: error.message.slice(0, 300),
      ...(typeof code === 'string' ? { errorCode: code } : {}),
    };
  }
  return { errorName: 'NonError', errorMessage: typeof error === 'string' ? error.slice(0, 300) : typeof error };
}
