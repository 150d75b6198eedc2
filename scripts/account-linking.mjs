// Sets the skill's account linking from infrastructure/account-linking.json with ASK CLI v2's
// `ask smapi update-account-linking-info --account-linking-request file:…`: the account service's URL and the
// Alexa client secret are filled in (from the stack outputs `ask deploy` recorded in .ask/ask-states.json, and
// from Secrets Manager with the AWS CLI), written to a temporary file under .ask/ (gitignored), sent, and deleted.
// Usage: node scripts/account-linking.mjs [--stage development] [--profile ASK_PROFILE] [--aws-profile NAME]
//          [--skill-id ID] [--url URL] [--client-secret-file FILE] [--dry-run]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readAskStates } from './lib/ask-states.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    stage: { type: 'string', default: 'development' },
    profile: { type: 'string' },
    'aws-profile': { type: 'string' },
    'skill-id': { type: 'string' },
    url: { type: 'string' },
    'client-secret-file': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});

const states = readAskStates(root, values.profile ?? 'default');
const skillId = values['skill-id'] ?? states?.skillId;
const url = (values.url ?? states?.outputs.AccountsUrl ?? '').replace(/\/$/, '');
if (!skillId || !url) {
  console.error(
    'Needs the skill ID and the account service URL: deploy it first (npm run deploy), or pass --skill-id and --url.',
  );
  process.exit(1);
}

function clientSecret() {
  if (values['client-secret-file']) return readFileSync(values['client-secret-file'], 'utf8').trim();
  const arn = states?.outputs.AlexaClientSecretArn;
  if (!arn) throw new Error('No AlexaClientSecretArn output in .ask/ask-states.json: pass --client-secret-file');
  const profile = values['aws-profile'] ? ['--profile', values['aws-profile']] : [];
  return execFileSync(
    'aws',
    [
      'secretsmanager',
      'get-secret-value',
      '--secret-id',
      arn,
      '--query',
      'SecretString',
      '--output',
      'text',
      ...profile,
    ],
    {
      encoding: 'utf8',
    },
  ).trim();
}

const template = readFileSync(join(root, 'infrastructure/account-linking.json'), 'utf8');
const secret = values['dry-run'] ? '(the Alexa client secret)' : clientSecret();
const request = template
  .replaceAll('{{ACCOUNTS_URL}}', url)
  .replaceAll('{{ALEXA_CLIENT_SECRET}}', JSON.stringify(secret).slice(1, -1));
JSON.parse(request);

if (values['dry-run']) {
  console.log(request);
  process.exit(0);
}
mkdirSync(join(root, '.ask'), { recursive: true });
const file = join(root, '.ask/account-linking-request.json');
writeFileSync(file, request, { mode: 0o600 });
try {
  const ask = join(root, 'node_modules/ask-cli/dist/bin/ask.js');
  const profile = values.profile ? ['--profile', values.profile] : [];
  execFileSync(
    process.execPath,
    [
      ask,
      'smapi',
      'update-account-linking-info',
      '-s',
      skillId,
      '-g',
      values.stage,
      '--account-linking-request',
      `file:${file}`,
      ...profile,
    ],
    { stdio: 'inherit', cwd: root },
  );
  console.log(`Account linking set for ${skillId} (${values.stage}): ${url}/auth, ${url}/token`);
} finally {
  rmSync(file, { force: true });
}
