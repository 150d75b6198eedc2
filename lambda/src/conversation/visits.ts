import type { CustomerState } from '../shared/customer-state';

export type Greeting = 'first-visit' | 'returning';

/** The greeting depends on the state before this visit is counted. */
export function greetingFor(state: CustomerState): Greeting {
  return state.visits === 0 ? 'first-visit' : 'returning';
}

export function recordVisit(state: CustomerState, now: Date): CustomerState {
  const at = now.toISOString();
  return { ...state, visits: state.visits + 1, firstVisitAt: state.firstVisitAt ?? at, lastVisitAt: at };
}
