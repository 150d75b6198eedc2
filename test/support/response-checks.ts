import type { Directive, ResponseEnvelope, ui } from 'ask-sdk-model';
import { XMLValidator } from 'fast-xml-parser';

/**
 * The rules every response must follow (DEVELOPERS.md, "Every response is valid Alexa JSON"). Returns a list of
 * problems, empty when the response is valid, so a failing test says exactly what is wrong.
 */
/** Alexa refuses a response larger than this (the whole JSON, session attributes included). */
export const MAX_RESPONSE_BYTES = 24 * 1024;

export function responseProblems(envelope: ResponseEnvelope): string[] {
  const problems: string[] = [];
  if (envelope.version !== '1.0') problems.push(`version is ${String(envelope.version)}`);
  const bytes = Buffer.byteLength(JSON.stringify(envelope));
  if (bytes > MAX_RESPONSE_BYTES) problems.push(`the response is ${bytes} bytes, more than ${MAX_RESPONSE_BYTES}`);
  const response = envelope.response;
  if (!response) return [...problems, 'no response object'];

  const speeches: Array<[string, ui.OutputSpeech | undefined]> = [
    ['outputSpeech', response.outputSpeech],
    ['reprompt', response.reprompt?.outputSpeech],
  ];
  for (const [where, speech] of speeches) {
    if (!speech) continue;
    const text = speech.type === 'SSML' ? speech.ssml : speech.text;
    if (speech.type === 'SSML') {
      if (!/^<speak>[\s\S]*<\/speak>$/.test(text)) problems.push(`${where} is not wrapped in <speak>`);
      const verdict = XMLValidator.validate(text);
      if (verdict !== true) problems.push(`${where} SSML does not parse: ${verdict.err.msg}`);
    }
    if (/\bundefined\b|\bNaN\b|\[object Object\]|\bnull\b/.test(text)) problems.push(`${where} says ${text}`);
    if (text.length > 8000) problems.push(`${where} is ${text.length} characters, more than Alexa's 8000`);
    if (text.replace(/<[^>]+>/g, '').trim() === '') problems.push(`${where} is empty`);
  }

  const directives: Directive[] = response.directives ?? [];
  const sendsRequest = directives.some((directive) => directive.type === 'Connections.SendRequest');
  if (sendsRequest) {
    if (response.reprompt) problems.push('a reprompt beside Connections.SendRequest');
    if (response.shouldEndSession === false) problems.push('shouldEndSession false beside Connections.SendRequest');
  } else if (response.shouldEndSession === false && !response.reprompt) {
    problems.push('the session stays open without a reprompt');
  }
  if (response.reprompt && response.shouldEndSession !== false) {
    problems.push('a reprompt on a response that does not keep the session open');
  }
  const card = response.card;
  if (card && JSON.stringify(card).match(/undefined|NaN|\[object Object\]/)) problems.push('card shows undefined/NaN');
  return problems;
}

export function expectValidResponse(envelope: ResponseEnvelope): void {
  expect(responseProblems(envelope)).toEqual([]);
}

/** The spoken text without SSML tags, entities decoded, for readable assertions. */
export function spoken(envelope: ResponseEnvelope, part: 'speech' | 'reprompt' = 'speech'): string {
  const speech = part === 'speech' ? envelope.response.outputSpeech : envelope.response.reprompt?.outputSpeech;
  if (!speech) return '';
  const text = speech.type === 'SSML' ? speech.ssml : speech.text;
  return text
    .replace(/<[^>]+>/g, ' ')
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
