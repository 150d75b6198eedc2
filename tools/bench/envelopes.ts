/**
 * Request envelopes shaped like the ones Alexa sends (en-US, a new session, an Echo-like device), for the bench.
 */
import { randomUUID } from 'node:crypto';
import type { Context, Request, RequestEnvelope, Session } from 'ask-sdk-model';

export const BENCH_APPLICATION_ID = 'amzn1.ask.skill.00000000-0000-4000-8000-00000000bench';

export interface EnvelopeOptions {
  /** `context.System.user.userId`: the persistence adapters' partition key. */
  readonly userId: string;
  readonly locale?: string;
  /** Alexa service API base; nothing in the benchmarked requests calls it. */
  readonly apiEndpoint?: string;
}

/** A user ID in the shape Alexa uses, unique per call unless a tag makes it stable. */
export function benchUserId(tag: string = randomUUID()): string {
  return `amzn1.ask.account.BENCH${tag.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;
}

function envelope(request: Request, options: EnvelopeOptions): RequestEnvelope {
  const application = { applicationId: BENCH_APPLICATION_ID };
  const user = { userId: options.userId };
  const session: Session = { new: true, sessionId: `amzn1.echo-api.session.${randomUUID()}`, application, user };
  const context: Context = {
    System: {
      application,
      user,
      device: { deviceId: 'amzn1.ask.device.BENCHDEVICE', supportedInterfaces: {} },
      apiEndpoint: options.apiEndpoint ?? 'https://api.amazonalexa.com',
      apiAccessToken: 'bench-access-token',
    },
  };
  return { version: '1.0', session, context, request };
}

function requestCommon(locale: string | undefined): { requestId: string; timestamp: string; locale: string } {
  return {
    requestId: `amzn1.echo-api.request.${randomUUID()}`,
    timestamp: new Date().toISOString(),
    locale: locale ?? 'en-US',
  };
}

export function launchRequest(options: EnvelopeOptions): RequestEnvelope {
  return envelope({ type: 'LaunchRequest', ...requestCommon(options.locale) }, options);
}

export function intentRequest(intentName: string, options: EnvelopeOptions): RequestEnvelope {
  return envelope(
    {
      type: 'IntentRequest',
      ...requestCommon(options.locale),
      dialogState: 'STARTED',
      intent: { name: intentName, confirmationStatus: 'NONE', slots: {} },
    },
    options,
  );
}
