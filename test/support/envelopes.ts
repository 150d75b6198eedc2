import type { Intent, RequestEnvelope, Slot } from 'ask-sdk-model';

/** Typed builders for real Alexa request envelopes, as Alexa sends them. */

export interface EnvelopeOptions {
  readonly userId?: string;
  readonly sessionId?: string;
  readonly newSession?: boolean;
  readonly locale?: string;
  readonly applicationId?: string;
  readonly apiEndpoint?: string;
  readonly apiAccessToken?: string;
  readonly sessionAttributes?: Record<string, unknown>;
  readonly permissions?: Record<string, { status: 'GRANTED' | 'DENIED' }>;
}

export const TEST_SKILL_ID = 'amzn1.ask.skill.00000000-0000-0000-0000-000000000000';

let counter = 0;
const nextId = (prefix: string) => `${prefix}.${(++counter).toString().padStart(8, '0')}`;

export function envelope(request: Record<string, unknown>, options: EnvelopeOptions = {}): RequestEnvelope {
  const applicationId = options.applicationId ?? TEST_SKILL_ID;
  const userId = options.userId ?? 'amzn1.ask.account.TESTUSER';
  const user = {
    userId,
    ...(options.permissions ? { permissions: { scopes: options.permissions } } : {}),
  };
  return {
    version: '1.0',
    session: {
      new: options.newSession ?? true,
      sessionId: options.sessionId ?? nextId('amzn1.echo-api.session'),
      application: { applicationId },
      attributes: options.sessionAttributes ?? {},
      user,
    },
    context: {
      System: {
        application: { applicationId },
        user,
        device: { deviceId: 'amzn1.ask.device.TESTDEVICE', supportedInterfaces: {} },
        apiEndpoint: options.apiEndpoint ?? 'https://api.amazonalexa.com',
        apiAccessToken: options.apiAccessToken ?? 'test-access-token',
      },
    },
    request: {
      requestId: nextId('amzn1.echo-api.request'),
      timestamp: new Date().toISOString(),
      locale: options.locale ?? 'en-US',
      ...request,
    },
  } as RequestEnvelope;
}

export function launchRequest(options?: EnvelopeOptions): RequestEnvelope {
  return envelope({ type: 'LaunchRequest' }, options);
}

export function intentRequest(
  name: string,
  slots: Record<string, string | Partial<Slot>> = {},
  options?: EnvelopeOptions,
): RequestEnvelope {
  const slotObjects: Record<string, Slot> = {};
  for (const [slotName, value] of Object.entries(slots)) {
    slotObjects[slotName] = {
      name: slotName,
      confirmationStatus: 'NONE',
      ...(typeof value === 'string' ? { value } : value),
    } as Slot;
  }
  const intent: Intent = { name, confirmationStatus: 'NONE', slots: slotObjects };
  return envelope({ type: 'IntentRequest', dialogState: 'COMPLETED', intent }, { newSession: false, ...options });
}

export function sessionEndedRequest(reason = 'USER_INITIATED', options?: EnvelopeOptions): RequestEnvelope {
  return envelope({ type: 'SessionEndedRequest', reason }, { newSession: false, ...options });
}
