// Subscribes the skill to AlexaSkillEvent.SkillDisabled in skill-package/skill.json.
// The manifest's events object needs the function's ARN, which exists only after the first `ask deploy`, so this runs
// between the first deploy and the next:  node scripts/subscribe-events.mjs [arn:aws:lambda:...]
// Without an argument it takes the first Lambda ARN recorded in .ask/ask-states.json (the ASK CLI's deploy state).
// Options (for tests): --manifest PATH (default skill-package/skill.json), --state PATH (default .ask/ask-states.json).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LAMBDA_ARN = /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:[\w-]+(:[\w-]+)?$/;

export function findLambdaArn(value) {
  if (typeof value === 'string') return LAMBDA_ARN.test(value) ? value : undefined;
  if (value && typeof value === 'object') {
    for (const nested of Object.values(value)) {
      const found = findLambdaArn(nested);
      if (found) return found;
    }
  }
  return undefined;
}

export function withEvents(manifest, arn) {
  return {
    ...manifest,
    manifest: {
      ...manifest.manifest,
      events: { endpoint: { uri: arn }, subscriptions: [{ eventName: 'SKILL_DISABLED' }] },
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const at = args.indexOf(name);
    return at >= 0 ? args.splice(at, 2)[1] : fallback;
  };
  const file = option('--manifest', join(root, 'skill-package/skill.json'));
  const statePath = option('--state', join(root, '.ask/ask-states.json'));
  const arn =
    args[0] ?? (existsSync(statePath) ? findLambdaArn(JSON.parse(readFileSync(statePath, 'utf8'))) : undefined);
  if (!arn || !LAMBDA_ARN.test(arn)) {
    console.error('No Lambda ARN: deploy once with `ask deploy`, or pass the SkillEndpoint output as the argument.');
    process.exit(1);
  }
  writeFileSync(file, `${JSON.stringify(withEvents(JSON.parse(readFileSync(file, 'utf8')), arn), null, 2)}\n`);
  console.log(`skill.json now subscribes ${arn} to SKILL_DISABLED: run ask deploy --target skill-metadata`);
}
