import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DialogDriver, type TurnResult } from '../../tools/simulator/dialog-driver';
import { responseProblems } from '../support/response-checks';

/**
 * Every example phrase, said to the built skill in its locale as a customer reading it off the skill's or a product's
 * detail page would: the skill's phrases as said (a launch, or a one-shot request), a product's phrases inside an
 * open session. Each gets a valid answer from the intent it was written for, never the fallback.
 * (test/unit/example-phrases.test.ts checks each one against the samples of the model.)
 */
const root = join(__dirname, '../..');
const json = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const skillLocales: Record<string, { examplePhrases: string[] }> =
  json('skill-package/skill.json').manifest.publishingInformation.locales;
const productPhrases = readdirSync(join(root, 'skill-package/isps'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.json'))
  .flatMap((file) =>
    Object.entries(
      json(`skill-package/isps/${file}`).publishingInformation.locales as Record<string, { examplePhrases: string[] }>,
    ).flatMap(([locale, entry]) => entry.examplePhrases.map((phrase) => ({ file, locale, phrase }))),
  );

function answered(turn: TurnResult): TurnResult {
  expect(responseProblems(turn.response)).toEqual([]);
  const request = turn.request.request as { type: string; intent?: { name: string } };
  expect(request.intent?.name ?? request.type).not.toBe('AMAZON.FallbackIntent');
  const handedToAmazon = turn.directives.some((directive) => directive.type === 'Connections.SendRequest');
  if (!handedToAmazon) expect(turn.speech).not.toMatch(/sorry|didn't (get|catch)|not sure what/i);
  return turn;
}

describe.each(Object.keys(skillLocales))('%s', (locale) => {
  let alexa: DialogDriver;
  let customers = 0;

  beforeAll(async () => {
    alexa = await DialogDriver.start({ locale, tableName: `example-phrases-${locale}` });
  });

  afterAll(async () => {
    await alexa.stop();
  });

  beforeEach(async () => {
    await alexa.switchUser(`amzn1.ask.account.EXAMPLE${locale.replace('-', '')}${++customers}`);
  });

  it.each(skillLocales[locale]?.examplePhrases ?? [])('the skill answers "%s"', async (phrase) => {
    const turn = answered(await alexa.say(phrase));

    expect(turn.speech).not.toBe('');
  });

  it.each(productPhrases.filter((entry) => entry.locale === locale))(
    '$file: the skill answers "$phrase" in a session',
    async ({ phrase }) => {
      await alexa.launch();
      answered(await alexa.say(phrase));
    },
  );
});
