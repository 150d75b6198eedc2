import { coreMessagesFor } from '../../lambda/src/conversation/messages';
import { footprintMessagesFor } from '../../lambda/src/features/footprint/messages';
import { offsetMessagesFor } from '../../lambda/src/features/offsets/messages';
import { purchasesMessagesFor } from '../../lambda/src/features/purchases/messages';

function compose(locale: string | undefined) {
  return {
    ...coreMessagesFor(locale),
    footprint: footprintMessagesFor(locale),
    purchases: purchasesMessagesFor(locale),
    offset: offsetMessagesFor(locale),
  };
}

const composed = new WeakMap<object, ReturnType<typeof compose>>();

/**
 * Every sentence the skill can say in a locale: the conversation's own and each feature's, side by side (the same
 * object for locales that fall back to the same messages).
 */
export function messagesFor(locale: string | undefined): ReturnType<typeof compose> {
  const core = coreMessagesFor(locale);
  const known = composed.get(core);
  if (known) return known;
  const all = compose(locale);
  composed.set(core, all);
  return all;
}
