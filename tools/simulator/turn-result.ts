/** What one turn of the dialog produced, in the form tests and the simulator read. */
import type { Directive, RequestEnvelope, ResponseEnvelope, ui } from 'ask-sdk-model';
import type { SkillLogEntry } from './skill-logs';

export interface TurnCard {
  /** Simple, Standard, LinkAccount or AskForPermissionsConsent. */
  readonly type: string;
  readonly title: string;
  readonly content: string;
}

export interface TurnResult {
  /** What Alexa says: the SSML with its tags stripped and entities decoded ('' when silent). */
  readonly speech: string;
  /** The SSML as the skill sent it (plain-text speech is given as is). */
  readonly ssml: string | undefined;
  /** The reprompt as text, when there is one. */
  readonly reprompt: string | undefined;
  readonly card?: TurnCard;
  readonly directives: Directive[];
  /** Whether Alexa keeps listening for the customer after this turn. */
  readonly sessionOpen: boolean;
  readonly response: ResponseEnvelope;
  /** The request envelope exactly as the skill received it. */
  readonly request: RequestEnvelope;
  /** The skill's log lines written during the turn (when the driver captures them). */
  readonly logs: SkillLogEntry[];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10));
    return ENTITIES[lower] ?? whole;
  });
}

/** SSML as heard: `<sub alias>` says the alias, audio clips show as [audio], pauses as spaces. */
export function ssmlToText(ssml: string): string {
  const heard = ssml
    .replace(/<sub\b[^>]*\balias\s*=\s*(["'])(.*?)\1[^>]*>[\s\S]*?<\/sub>/gi, ' $2 ')
    .replace(/<audio\b[^>]*>(?:[\s\S]*?<\/audio>)?/gi, ' [audio] ')
    .replace(/<[^>]+>/g, ' ');
  return decodeEntities(heard)
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.!?;:])/g, '$1')
    .trim();
}

function speechOf(output: ui.OutputSpeech | undefined): { text: string; source: string } | undefined {
  if (!output) return undefined;
  if (output.type === 'SSML') return { text: ssmlToText(output.ssml), source: output.ssml };
  return { text: output.text, source: output.text };
}

function cardOf(card: ui.Card | undefined): TurnCard | undefined {
  switch (card?.type) {
    case undefined:
      return undefined;
    case 'Simple':
      return { type: card.type, title: card.title ?? '', content: card.content ?? '' };
    case 'Standard':
      return { type: card.type, title: card.title ?? '', content: card.text ?? '' };
    case 'AskForPermissionsConsent':
      return { type: card.type, title: 'Permissions requested', content: card.permissions.join(', ') };
    case 'LinkAccount':
      return { type: card.type, title: 'Link your account', content: '' };
  }
}

export function toTurnResult(
  request: RequestEnvelope,
  response: ResponseEnvelope,
  sessionOpen: boolean,
  logs: SkillLogEntry[],
): TurnResult {
  const speech = speechOf(response.response?.outputSpeech);
  const card = cardOf(response.response?.card);
  return {
    speech: speech?.text ?? '',
    ssml: speech?.source,
    reprompt: speechOf(response.response?.reprompt?.outputSpeech)?.text,
    ...(card ? { card } : {}),
    directives: response.response?.directives ?? [],
    sessionOpen,
    response,
    request,
    logs,
  };
}
