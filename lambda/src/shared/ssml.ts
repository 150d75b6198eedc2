/**
 * SSML is built in one place. Messages strings are plain text; `toSsml` escapes them, so a slot value or a
 * product name with `&` or `<` cannot break the response. Deliberate SSML goes through `Ssml` values made here.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeSsml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** A fragment of SSML that is already safe to embed. */
export interface Ssml {
  readonly ssml: string;
}

export type SpeechPart = string | Ssml;

export function pause(ms: number): Ssml {
  return { ssml: `<break time="${Math.max(0, Math.min(10000, Math.round(ms)))}ms"/>` };
}

/** Joins plain text (escaped) and SSML fragments with single spaces. */
export function toSsml(...parts: readonly SpeechPart[]): string {
  return parts
    .map((part) => (typeof part === 'string' ? escapeSsml(part.trim()) : part.ssml))
    .filter((part) => part !== '')
    .join(' ');
}
