import { coreMessagesFor } from '../../lambda/src/conversation/messages';
import { footprintMessagesFor } from '../../lambda/src/features/footprint/messages';
import { isAlexaUserId, isRequestId } from '../../lambda/src/shared/alexa-ids';
import { byLocale } from '../../lambda/src/shared/locales';

describe('Alexa user IDs keep their own key space', () => {
  it('accepts Alexa account IDs', () => {
    expect(isAlexaUserId('amzn1.ask.account.AF4EXAMPLE7Q')).toBe(true);
    expect(isAlexaUserId('amzn1.ask.account.dialog-driver')).toBe(true);
  });

  it.each(['order#o-1', 'plan#p1', 'plan-charge#p1#2026-11', 'retirement#o-1', 'amzn1.ask.account.X#order'])(
    'refuses %s: every other kind of item in the table is `<kind>#…`, and no user ID holds a #',
    (key) => {
      expect(isAlexaUserId(key)).toBe(false);
    },
  );

  it.each([undefined, '', 'amzn1.ask.account.', 'amzn1.ask.person.X', `amzn1.ask.account.${'x'.repeat(600)}`, 7])(
    'refuses %p',
    (value) => {
      expect(isAlexaUserId(value)).toBe(false);
    },
  );

  it('checks request IDs before they are recorded with a write', () => {
    expect(isRequestId('amzn1.echo-api.request.0c2a7a3c-1f7e-4b38-8f0a-2f3c4d5e6f70')).toBe(true);
    expect(isRequestId('a#b')).toBe(false);
    expect(isRequestId('r'.repeat(201))).toBe(false);
  });
});

describe('locales are looked up among the table’s own entries only', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('%s falls back', (locale) => {
    expect(byLocale({ 'en-US': 1 }, locale, 0)).toBe(0);
    expect(coreMessagesFor(locale)).toBe(coreMessagesFor('en-US'));
    expect(footprintMessagesFor(locale)).toBe(footprintMessagesFor('en-US'));
  });
});
