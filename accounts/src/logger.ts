import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs (Powertools Logger, as the skill uses). Logged field by field: method, route, status,
 * latency, outcome codes. Never emails, passwords, codes, tokens, cookies, query strings or card details.
 */
export type AccountsLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

export function createLogger(level: LogLevel): AccountsLogger {
  return new Logger({ serviceName: 'green-horizons-accounts', logLevel: level });
}

/** An error reduced to fields that are safe to log (SDK and Stripe errors can carry request details). */
export function describeError(error: unknown): { errorName: string; errorMessage: string; errorCode?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      errorName: error.name,
      errorMessage: error.message.slice(0, 200),
      ...(typeof code === 'string' ? { errorCode: code } : {}),
    };
  }
  return { errorName: 'NonError', errorMessage: typeof error };
}
