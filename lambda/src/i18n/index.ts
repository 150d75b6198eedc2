import type { Catalogue } from './catalogue';
import { enGB } from './en-GB';
import { enUS } from './en-US';

export type { Catalogue, Topic } from './catalogue';
export { escapeSsml, pause, type SpeechPart, type Ssml, toSsml } from './ssml';
export { pick, type Random, type Variants } from './variants';

const catalogues: Readonly<Record<string, Catalogue>> = { 'en-US': enUS, 'en-GB': enGB };

/** The catalogue for a request's locale; the skill is published in en-US, which is also the fallback. */
export function catalogueFor(locale: string | undefined): Catalogue {
  return (locale !== undefined ? catalogues[locale] : undefined) ?? enUS;
}
