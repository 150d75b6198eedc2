import type { Turn } from '../../../conversation/turn';
import { nextTipIndex } from '../domain/tips';

/** The next eco tip, never the one the customer heard last (kept in their state, so across sessions too). */
export async function nextTip(turn: Turn): Promise<string> {
  const tips = turn.messages.footprint.tips;
  const { result } = await turn.store.transact((state) => {
    const last = tips.findIndex((candidate) => candidate.id === state.lastTipId);
    const tip = tips[nextTipIndex(tips.length, last < 0 ? undefined : last, turn.deps.random)] ?? tips[0];
    return { state: { ...state, lastTipId: tip?.id }, result: tip?.text ?? '' };
  });
  turn.topic = 'tip';
  return result;
}
