import { type ChaosReport, INVARIANTS, type Invariant, runChaos, SHORT_TIMEOUTS } from '../../tools/bench/chaos';

/**
 * Item 9 of issue 10: the chaos run (`npm run bench:chaos`, tools/bench/chaos.ts), short and with a fixed seed, so
 * that CI sees the books of conversations on both rails through random DynamoDB, Stripe and Amazon Pay faults.
 *
 * PENDING names the invariants this test does not require (none now): an invariant whose fix has not landed yet is
 * listed there by name, and the list emptied again once it has. Since issue 10's money fixes (reconciling `charging`
 * orders by each rail's look-up, successes checked against the order, no second charge before the first reference is
 * final; SkillDisabled cancelling the plan), every invariant holds with this seed; before them, main's books showed
 * each of them failing with it (a voice Charge whose answer was lost left `charging`; a 500 after a capture told
 * "nothing was charged", marked failed and charged again on the next yes; a disabled customer's plan charged).
 */
const PENDING: readonly Invariant[] = [];

const SEED = 14;
let report: ChaosReport;

beforeAll(async () => {
  report = await runChaos({ seed: SEED, conversations: 30, env: SHORT_TIMEOUTS, maxDelayMs: 500 });
}, 120_000);

const imbalancesOf = (invariant: Invariant) =>
  report.imbalances.filter((imbalance) => imbalance.invariant === invariant).map((imbalance) => imbalance.detail);

describe(`the chaos run, seed ${SEED}`, () => {
  it('drives conversations on both rails, the consumable and the monthly job, through every kind of fault', () => {
    expect(Object.keys(report.conversations).sort()).toEqual(
      ['card-order', 'card-plan', 'pay-order', 'pay-plan', 'reduction-plans'].sort(),
    );
    expect(Object.keys(report.faults.dynamodb ?? {}).sort()).toEqual(
      ['delay', 'hang', 'lose-answer', 'reset', 'throttle'].sort(),
    );
    expect(report.totals.charges).toBeGreaterThan(10);
    expect(report.totals.fulfilments).toBeGreaterThan(10);
    expect(report.totals.reductionPlansHandedOut).toBeGreaterThan(0);
    expect(report.totals.jobRuns).toBeGreaterThan(4);
  });

  it.each(INVARIANTS.filter((invariant) => !PENDING.includes(invariant)))('the books balance: %s', (invariant) => {
    expect(imbalancesOf(invariant)).toEqual([]);
  });
});
