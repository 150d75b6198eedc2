/**
 * Certification rejects example phrases that no sample utterance backs (its most common rejection). Every example
 * phrase of skill.json (each locale) and of each in-skill product must be either "Alexa, open green horizons" or a
 * request Alexa hands to the skill, whose request part is an instance of a sample of that locale's model, every slot
 * filled with a value or synonym of its type (or a spoken number).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SampleLanguage } from '../support/sample-language';

const root = join(__dirname, '../..');
const json = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const manifest = json('skill-package/skill.json').manifest;
const skillLocales: Record<string, { examplePhrases: string[] }> = manifest.publishingInformation.locales;

const ispFiles = readdirSync(join(root, 'skill-package/isps'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, isp: json(`skill-package/isps/${file}`) }));

const models = new Map<string, { invocationName: string; language: SampleLanguage }>();
function modelFor(locale: string) {
  let model = models.get(locale);
  if (!model) {
    const definition = json(`skill-package/interactionModels/custom/${locale}.json`);
    model = {
      invocationName: definition.interactionModel.languageModel.invocationName,
      language: new SampleLanguage(definition),
    };
    models.set(locale, model);
  }
  return model;
}

type Reading = { kind: 'launch' } | { kind: 'request'; candidates: string[] } | { kind: 'in-session'; request: string };

/**
 * How Alexa reads an English phrase that names the skill (Amazon's "Understand How Users Invoke Custom Skills"):
 * "open X", or a request with a launch word and an optional connecting word ("ask X for …", "tell X to …",
 * "open X and …", "… using X"). The candidates are the request with and without the connecting word.
 */
function read(phrase: string, invocationName: string): Reading {
  const spoken = phrase
    .trim()
    .replace(/^alexa\s*,?\s*/i, '')
    .replace(/[.!?]+$/, '')
    .toLowerCase();
  const name = invocationName.toLowerCase();
  if (new RegExp(`^(open|start|launch|begin|load|run|play|talk to|use|ask|tell) (the )?${name}$`).test(spoken)) {
    return { kind: 'launch' };
  }
  const forms: [RegExp, RegExp | undefined][] = [
    [new RegExp(`^ask ${name} (.+)$`), /^(about|for|if|to|whether) (.+)$/],
    [new RegExp(`^tell ${name} (.+)$`), /^(that|to) (.+)$/],
    [new RegExp(`^(?:open|start|launch|begin|load|run|talk to|use) ${name} (.+)$`), /^(and|to|for) (.+)$/],
    [new RegExp(`^(.+) (?:by|from|in|using|with|on) ${name}$`), undefined],
  ];
  for (const [form, connector] of forms) {
    const request = form.exec(spoken)?.[1];
    if (request === undefined) continue;
    const withoutConnector = connector?.exec(request)?.[2];
    return { kind: 'request', candidates: withoutConnector ? [withoutConnector, request] : [request] };
  }
  return { kind: 'in-session', request: spoken };
}

function backingSamples(phrase: string, locale: string): string[] {
  const { invocationName, language } = modelFor(locale);
  const reading = read(phrase, invocationName);
  if (reading.kind === 'launch') return ['(LaunchRequest)'];
  const candidates = reading.kind === 'request' ? reading.candidates : [reading.request];
  for (const candidate of candidates) {
    const matches = language.matches(candidate);
    if (matches.length > 0) return matches.map((sample) => `${sample.intent}: ${sample.text}`);
  }
  return [];
}

describe.each(Object.keys(skillLocales))("skill.json's %s example phrases", (locale) => {
  const phrases = skillLocales[locale]?.examplePhrases ?? [];

  it('are one to three, the first opening the skill by its invocation name', () => {
    expect(phrases.length).toBeGreaterThanOrEqual(1);
    expect(phrases.length).toBeLessThanOrEqual(3);
    expect(read(phrases[0] ?? '', modelFor(locale).invocationName)).toEqual({ kind: 'launch' });
  });

  it.each(phrases)('"%s" is backed by a sample of the model', (phrase) => {
    expect(read(phrase, modelFor(locale).invocationName).kind).not.toBe('in-session');
    expect(backingSamples(phrase, locale)).not.toEqual([]);
  });
});

describe.each(ispFiles)("in-skill product $file's example phrases", ({ isp }) => {
  const locales: Record<string, { examplePhrases: string[] }> = isp.publishingInformation.locales;

  it('are given for locales the skill is published in', () => {
    for (const locale of Object.keys(locales)) expect(Object.keys(skillLocales)).toContain(locale);
  });

  const phrases = Object.entries(locales).flatMap(([locale, entry]) =>
    entry.examplePhrases.map((phrase) => [locale, phrase] as const),
  );
  it.each(phrases)('%s "%s" is backed by a sample of the model', (locale, phrase) => {
    expect(backingSamples(phrase, locale)).not.toEqual([]);
  });
});
