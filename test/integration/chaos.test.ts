import { type ChaosReport, INVARIANTS, type Invariant, runChaos, SHORT_TIMEOUTS } from '../../tools/bench/chaos';

/**
 * Item 9 of issue 10: the chaos run (`npm run bench:chaos`, tools/bench/chaos.ts), short and with a fixed seed, so
 * that CI sees the books of conversations on both rails through random DynamoDB, Stripe and Amazon Pay faults.
 *
 * PENDING names the invariants this test does not require yet: they need the money fixes of issue 10 (reconciling
 * `charging` orders by each rail's look-up, verifying a success against the order, no second charge before the first
 * reference is final: branch i10b). With this seed, main's books show each of them failing (a voice Charge whose
 * answer was lost stays `charging`; a 500 after a capture is told "nothing was charged", marked failed, and the next
 * yes charges it again). Once i10b lands, empty the list (`const PENDING: readonly Invariant[] = [];`) and every
 * invariant is required (no-charge-after-disable already is: SkillDisabled cancels the plan since i10c).
 */
const PENDING: readonly Invariant[] = [
  'charged-is-fulfilled-or-refunded',
  'nothing-stuck',
  'one-charge-per-order',
  'truthful-about-charges',
];

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
