import { type StateSlice, stateSlice } from '../shared/customer-store';
import { isoString, nonNegativeInteger } from '../shared/stored-values';

/** The customer's visits: the conversation's own slice of the customer's state. */
export interface VisitsState {
  readonly visits: number;
  readonly firstVisitAt: string | undefined;
  readonly lastVisitAt: string | undefined;
}

export const visitsState: StateSlice<VisitsState> = stateSlice<VisitsState>(
  { visits: 0, firstVisitAt: undefined, lastVisitAt: undefined },
  (stored) => ({
    visits: nonNegativeInteger(stored.visits),
    firstVisitAt: isoString(stored.firstVisitAt),
    lastVisitAt: isoString(stored.lastVisitAt),
  }),
);

export type Greeting = 'first-visit' | 'returning';

/** The greeting depends on the state before this visit is counted. */
export function greetingFor(state: VisitsState): Greeting {
  return state.visits === 0 ? 'first-visit' : 'returning';
}

export function recordVisit(state: VisitsState, now: Date): VisitsState {
  const at = now.toISOString();
  return { ...state, visits: state.visits + 1, firstVisitAt: state.firstVisitAt ?? at, lastVisitAt: at };
}
