/**
 * `ask deploy` (the ASK CLI pinned in devDependencies) on this project, as far as it goes without an Amazon account:
 * a throw-away ASK CLI profile in a temporary HOME, whose Skill Management API is a stand-in on 127.0.0.1
 * (`ASK_SMAPI_SERVER_BASE_URL`, an ASK CLI setting). The CLI must start (the antlr4ts override in package.json), read
 * ask-resources.json, zip skill-package/, ask SMAPI for an upload URL, upload the package and ask SMAPI to import it.
 * The stand-in refuses the import, as SMAPI refuses a profile that is not signed in, and the deploy stops there:
 * everything after it (the skill's creation, the CloudFormation stack, the SKILL_DISABLED subscription) needs Amazon.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenOnLoopback } from '../../../tools/stand-ins/loopback';
import { readZip } from '../../support/zip';

const root = join(__dirname, '../../..');
const ACCESS_TOKEN = 'Atza|throw-away-token-for-the-stand-in';
const VENDOR_ID = 'M0THROWAWAY0';
const REFUSAL = 'stand-in SMAPI: no Amazon account behind this profile';

interface Received {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: Buffer;
}

/** Just enough of SMAPI's skill package upload: create an upload URL, take the PUT, refuse the import. */
function startSmapiStandIn(): { server: Server; received: Received[]; base: () => string } {
  const received: Received[] = [];
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const read = (request: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => resolve(Buffer.concat(chunks)));
      request.on('error', reject);
    });
  const server = createServer(async (request, response) => {
    const body = await read(request);
    const path = request.url ?? '';
    received.push({ method: request.method ?? '', path, authorization: request.headers.authorization, body });
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(value));
    };
    if (request.method === 'POST' && path === '/v1/skills/uploads') {
      json(201, { uploadUrl: `${base()}/upload/skill-package.zip`, expiresAt: '2099-01-01T00:00:00.000Z' });
    } else if (request.method === 'PUT' && path === '/upload/skill-package.zip') {
      response.writeHead(200).end();
    } else if (request.method === 'POST' && path === '/v1/skills/imports') {
      json(403, { message: REFUSAL });
    } else {
      json(404, { message: `stand-in SMAPI: nothing at ${request.method} ${path}` });
    }
  });
  return { server, received, base };
}

/** A project copy and a HOME with a throw-away ASK CLI profile and AWS profile (no real credentials anywhere). */
function throwAwayWorkspace(): { project: string; home: string; cleanUp: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ask-deploy-'));
  const project = join(dir, 'green-horizons');
  const home = join(dir, 'home');
  mkdirSync(project);
  for (const entry of ['ask-resources.json', 'skill-package']) {
    cpSync(join(root, entry), join(project, entry), { recursive: true });
  }
  mkdirSync(join(home, '.ask'), { recursive: true });
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(
    join(home, '.ask/cli_config'),
    JSON.stringify({
      profiles: {
        default: {
          aws_profile: 'throw-away',
          vendor_id: VENDOR_ID,
          token: {
            access_token: ACCESS_TOKEN,
            refresh_token: 'Atzr|throw-away',
            token_type: 'bearer',
            expires_in: 3600,
            expires_at: '2099-01-01T00:00:00.000Z',
          },
        },
      },
    }),
  );
  writeFileSync(
    join(home, '.aws/credentials'),
    '[throw-away]\naws_access_key_id = AKIATHROWAWAY0000000\naws_secret_access_key = throw-away\n',
  );
  return { project, home, cleanUp: () => rmSync(dir, { recursive: true, force: true }) };
}

function run(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('ask deploy, with a throw-away profile and a stand-in SMAPI on loopback', () => {
  const smapi = startSmapiStandIn();
  let workspace: ReturnType<typeof throwAwayWorkspace>;
  let result: { code: number | null; output: string };

  beforeAll(async () => {
    await listenOnLoopback(smapi.server);
    workspace = throwAwayWorkspace();
    const child = spawn(process.execPath, [join(root, 'node_modules/ask-cli/dist/bin/ask.js'), 'deploy'], {
      cwd: workspace.project,
      // Nothing of this machine's own ASK or AWS settings: only the throw-away profile, and no telemetry.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: workspace.home,
        ASK_SMAPI_SERVER_BASE_URL: smapi.base(),
        ASK_SHARE_USAGE: 'false',
        ASK_SKIP_NEW_VERSION_REMINDER: 'true',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    result = await run(child);
    clearTimeout(timer);
  }, 70_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => smapi.server.close(() => resolve()));
    workspace?.cleanUp();
  });

  it('starts, reads ask-resources.json and deploys the skill metadata first, signed with the profile', () => {
    expect(result.output).toContain('Deploy configuration loaded from ask-resources.json');
    expect(result.output).toContain('Deploy Skill Metadata');
    expect(result.output).not.toMatch(/TypeError|Class extends value/);
    expect(smapi.received.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'POST /v1/skills/uploads',
      'PUT /upload/skill-package.zip',
      'POST /v1/skills/imports',
    ]);
    expect(smapi.received[0]?.authorization).toBe(ACCESS_TOKEN);
  });

  it('uploads skill-package/ as it is: manifest, both interaction models, the products and their icons', () => {
    const uploaded = readZip(smapi.received[1]?.body ?? Buffer.alloc(0));
    const local = (path: string) => readFileSync(join(root, 'skill-package', path));
    const expected = [
      'skill.json',
      'interactionModels/custom/en-US.json',
      'interactionModels/custom/en-GB.json',
      'isps/subscription/green_horizons_plus.json',
      'isps/entitlement/travel_pack.json',
      'isps/consumable/reduction_plan.json',
    ];
    for (const path of expected) expect(uploaded.get(path)?.equals(local(path))).toBe(true);
    const icons = [...uploaded.keys()].filter((path) => path.startsWith('assets/images/'));
    expect(icons.length).toBeGreaterThanOrEqual(2);
    for (const icon of icons) expect(uploaded.get(icon)?.equals(local(icon))).toBe(true);
  });

  it('asks SMAPI to create the skill from that upload for the profile’s vendor, and stops when it is refused', () => {
    const request = JSON.parse(smapi.received[2]?.body.toString() ?? '{}');

    expect(request).toEqual({ vendorId: VENDOR_ID, location: `${smapi.base()}/upload/skill-package.zip` });
    expect(result.code).toBe(1);
    expect(result.output).toContain(REFUSAL);
  });
});
