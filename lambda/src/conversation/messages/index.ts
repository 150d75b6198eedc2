import { enGB } from './en-GB';
import { enUS } from './en-US';
import type { Messages } from './messages';

export { escapeSsml, pause, type SpeechPart, type Ssml, toSsml } from '../../shared/ssml';
export { pick, type Random, type Variants } from '../../shared/variants';
export type { Messages, Topic } from './messages';

const catalogues: Readonly<Record<string, Messages>> = { 'en-US': enUS, 'en-GB': enGB };

/** The catalogue for a request's locale; the skill is published in en-US, which is also the fallback. */
export function messagesFor(locale: string | undefined): Messages {
  return (locale !== undefined ? catalogues[locale] : undefined) ?? enUS;
}
