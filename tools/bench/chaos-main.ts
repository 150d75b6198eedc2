/**
 * `npm run bench:chaos [-- --seed 7 --conversations 200 --dynamodb-faults 0.04 --payment-faults 0.15]`: the chaos run
 * (tools/bench/chaos.ts) with the skill's production timeouts. Prints its totals and every imbalance, writes
 * bench-results/chaos.json, and exits 1 when the books do not balance. The same seed gives the same run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ChaosReport, INVARIANTS, runChaos, SHORT_TIMEOUTS } from './chaos';

/** This file runs as .build/bench/chaos-main.js. */
const ROOT = join(__dirname, '../..');

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const raw = index >= 0 ? process.argv[index + 1] : process.env[`CHAOS_${name.toUpperCase().replace(/-/g, '_')}`];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number, not ${raw}`);
  return value;
}

function print(report: ChaosReport): void {
  const line = (label: string, value: unknown) => console.log(`  ${label.padEnd(34)} ${String(value)}`);
  console.log(`\nChaos run, seed ${report.seed}: ${(report.elapsedMs / 1000).toFixed(1)} s`);
  console.log('Conversations');
  for (const [kind, count] of Object.entries(report.conversations)) line(kind, count);
  line('turns', report.totals.turns);
  console.log('Faults injected');
  for (const [where, kinds] of Object.entries(report.faults)) {
    line(
      where,
      Object.entries(kinds)
        .map(([kind, count]) => `${kind} ${count}`)
        .join(', '),
    );
  }
  console.log('Books');
  line('charges taken', report.totals.charges);
  line('fulfilments', report.totals.fulfilments);
  line('refunds', report.totals.refunds);
  line('reviews', report.totals.reviews);
  line(
    'reduction plans bought / handed out',
    `${report.totals.reductionPlansBought} / ${report.totals.reductionPlansHandedOut}`,
  );
  line('job runs (failed)', `${report.totals.jobRuns} (${report.totals.jobErrors})`);
  line('skill errors', report.totals.skillErrors);
  for (const [where, counts] of Object.entries(report.statuses).sort(([a], [b]) => a.localeCompare(b))) {
    line(
      where,
      Object.entries(counts)
        .map(([status, count]) => `${status} ${count}`)
        .join(', '),
    );
  }
  console.log('Invariants');
  for (const name of INVARIANTS)
    line(name, report.byInvariant[name] === 0 ? 'holds' : `${report.byInvariant[name]} imbalances`);
  if (report.imbalances.length > 0) {
    console.log('Imbalances');
    for (const imbalance of report.imbalances) {
      const where = imbalance.conversation === undefined ? '' : ` (conversation ${imbalance.conversation})`;
      console.log(`  ${imbalance.invariant} ${imbalance.rail} ${imbalance.subject}${where}: ${imbalance.detail}`);
    }
  }
}

async function main(): Promise<void> {
  const seed = option('seed', 1);
  const conversations = option('conversations', 120);
  const report = await runChaos({
    seed,
    conversations,
    dynamoDbFaultRate: option('dynamodb-faults', 0.04),
    paymentFaultRate: option('payment-faults', 0.15),
    amazonFaultRate: option('amazon-faults', 0.2),
    trace: process.argv.includes('--trace'),
    ...(process.argv.includes('--short-timeouts') ? { env: SHORT_TIMEOUTS, maxDelayMs: 500 } : {}),
    log: (text) => console.error(`… ${text}`),
  });
  print(report);
  await mkdir(join(ROOT, 'bench-results'), { recursive: true });
  await writeFile(join(ROOT, 'bench-results/chaos.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.imbalances.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
