import { XMLValidator } from 'fast-xml-parser';
import { escapeSsml, pause, toSsml } from '../../lambda/src/shared/ssml';
import { pick, type Variants } from '../../lambda/src/shared/variants';
import { messagesFor } from '../support/messages';

describe('SSML', () => {
  it('escapes what the customer or data could put in speech', () => {
    expect(escapeSsml(`Tom & Jerry's <trip> "home"`)).toBe('Tom &amp; Jerry&apos;s &lt;trip&gt; &quot;home&quot;');
  });

  it('joins text and deliberate SSML into something that parses', () => {
    const ssml = `<speak>${toSsml('Fish & chips.', pause(300), ' Next. ')}</speak>`;

    expect(ssml).toBe('<speak>Fish &amp; chips. <break time="300ms"/> Next.</speak>');
    expect(XMLValidator.validate(ssml)).toBe(true);
  });

  it('clamps pauses to what Alexa accepts', () => {
    expect(pause(20000).ssml).toBe('<break time="10000ms"/>');
    expect(pause(-5).ssml).toBe('<break time="0ms"/>');
  });
});

describe('variants', () => {
  const variants: Variants = ['a', 'b', 'c'];

  it('picks by the injected random source, never past the end', () => {
    expect(pick(variants, () => 0)).toBe('a');
    expect(pick(variants, () => 0.5)).toBe('b');
    expect(pick(variants, () => 0.9999)).toBe('c');
    expect(pick(variants, () => 1)).toBe('c');
  });
});

describe('the catalogue', () => {
  it('falls back to en-US for locales without their own catalogue', () => {
    expect(messagesFor('en-IN')).toBe(messagesFor('en-US'));
    expect(messagesFor(undefined)).toBe(messagesFor('en-US'));
  });

  it('holds only speech that parses as SSML once escaped', () => {
    const strings: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
    };
    collect(messagesFor('en-US'));

    expect(strings.length).toBeGreaterThan(10);
    for (const text of strings) {
      expect(XMLValidator.validate(`<speak>${toSsml(text)}</speak>`)).toBe(true);
      expect(text).not.toMatch(/undefined|NaN|\[object Object\]/);
    }
  });
});
