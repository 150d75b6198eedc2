// Builds the account service, zips accounts/dist deterministically, uploads it to S3 with the AWS CLI, and sets
// the stack parameter AccountsCodeKey (and AccountsCodeBucket when given) in ask-resources.json, so that the next
// `npm run deploy` creates or updates the account service. The bucket defaults to the one `ask deploy` made.
// Usage: node scripts/upload-accounts.mjs [--bucket NAME] [--aws-profile NAME] [--dry-run]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readAskStates } from './lib/ask-states.mjs';
import { zipFiles } from './lib/zip.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    bucket: { type: 'string' },
    'aws-profile': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});

execFileSync(process.execPath, [join(root, 'scripts/build-accounts.mjs')], { stdio: 'inherit' });
const dist = join(root, 'accounts/dist');
const zip = zipFiles(
  ['index.js', 'index.js.LEGAL.txt', 'package.json'].map((name) => ({ name, data: readFileSync(join(dist, name)) })),
);
const zipPath = join(dist, 'accounts.zip');
writeFileSync(zipPath, zip);
const key = `accounts/${createHash('sha256').update(zip).digest('hex').slice(0, 16)}.zip`;

const bucket = values.bucket ?? readAskStates(root)?.bucket;
if (!bucket) {
  console.error('No bucket: run `npm run deploy` once first (it creates the ASK CLI bucket), or pass --bucket NAME.');
  process.exit(1);
}
const target = `s3://${bucket}/${key}`;
if (values['dry-run']) {
  console.log(`Would upload ${zipPath} (${zip.length} bytes) to ${target}`);
} else {
  const profile = values['aws-profile'] ? ['--profile', values['aws-profile']] : [];
  execFileSync('aws', ['s3', 'cp', zipPath, target, ...profile], { stdio: 'inherit' });
}

// ask-resources.json is kept in the form the ASK CLI writes it (two-space JSON), which a test checks.
const resourcesPath = join(root, 'ask-resources.json');
const resources = JSON.parse(readFileSync(resourcesPath, 'utf8'));
const userConfig = resources.profiles.default.skillInfrastructure.userConfig;
userConfig.cfn ??= {};
userConfig.cfn.parameters = {
  ...userConfig.cfn.parameters,
  AccountsCodeKey: key,
  ...(values.bucket ? { AccountsCodeBucket: values.bucket } : {}),
};
if (!values['dry-run']) writeFileSync(resourcesPath, JSON.stringify(resources, null, 2));
console.log(`AccountsCodeKey = ${key}${values['dry-run'] ? ' (dry run: ask-resources.json unchanged)' : ' (in ask-resources.json)'}.
Also set AlexaVendorId and AccountsEmailFrom there, then: npm run deploy`);
