// Reading what `ask deploy` recorded in .ask/ask-states.json: the skill ID, the code bucket and the stack's outputs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readAskStates(root, profile = 'default') {
  const file = join(root, '.ask/ask-states.json');
  if (!existsSync(file)) return undefined;
  const states = JSON.parse(readFileSync(file, 'utf8'));
  const entry = states.profiles?.[profile] ?? {};
  const deployState = entry.skillInfrastructure?.['@ask-cli/cfn-deployer']?.deployState?.default ?? {};
  const outputs = Object.fromEntries(
    (deployState.outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]),
  );
  return { skillId: entry.skillId, bucket: deployState.s3?.bucket, stackId: deployState.stackId, outputs };
}
