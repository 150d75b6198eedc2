import type { Catalogue } from './catalogue';
import { enUS } from './en-US';

export type { Catalogue, Topic } from './catalogue';
export { pick, type Random, type Variants } from './variants';
export { escapeSsml, pause, type Ssml, type SpeechPart, toSsml } from './ssml';

const catalogues: Readonly<Record<string, Catalogue>> = { 'en-US': enUS };

/** The catalogue for a request's locale; the skill is published in en-US, which is also the fallback. */
export function catalogueFor(locale: string | undefined): Catalogue {
  return (locale !== undefined ? catalogues[locale] : undefined) ?? enUS;
}
