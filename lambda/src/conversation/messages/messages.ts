import type { FootprintMessages } from '../../features/footprint/speech/english';
import type { OffsetMessages } from '../../features/offsets/speech/english';
import type { PurchasesMessages } from '../../features/purchases/speech/english';
import type { Variants } from '../../shared/variants';

/** What the customer was last doing: help and fallback answers depend on it. */
export type Topic = 'start' | 'estimate' | 'tip' | 'shopping' | 'offset';

/**
 * Every sentence the skill speaks, per locale. Handlers never hold speech: they pick from here.
 * Feature areas add their own sections as they land.
 */
export interface Messages {
  readonly launch: {
    readonly firstVisit: Variants;
    readonly returning: Variants;
    /** Before a question about something unfinished. */
    readonly welcomeBack: Variants;
    readonly reprompt: Variants;
  };
  readonly help: Readonly<Record<Topic, Variants>> & { readonly reprompt: Variants };
  readonly home: { readonly prompt: Variants; readonly reprompt: Variants };
  readonly goodbye: Variants;
  readonly fallback: Readonly<Record<Topic, Variants>> & { readonly reprompt: Variants };
  readonly error: { readonly apology: Variants; readonly reprompt: Variants };
  readonly conflict: { readonly retry: Variants };
  readonly footprint: FootprintMessages;
  readonly purchases: PurchasesMessages;
  readonly offset: OffsetMessages;
}
