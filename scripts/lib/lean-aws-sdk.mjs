// An esbuild plugin for the Lambda bundles: the AWS SDK v3 as the skill runs it, without the work its first turn
// never needs. Each change is an exact edit of one SDK file, checked when the bundle is built: if an SDK upgrade
// changes the text an edit expects, the build stops and names the file, so no edit is ever silently skipped.
//
// What it changes, and why nothing the skill does changes with it:
// - Event streams (@smithy/core/event-streams, 16 KB) are reached only through a dynamic import for operations that
//   stream events. DynamoDB, SES and Secrets Manager have none, so that import gets a module that says so if it is
//   ever reached; with it go the CRC32 classes, the only users of node:zlib (loaded at cold start until now).
// - The shared config file loader reads ~/.aws/config through node:fs/promises, which it loaded (with node:readline)
//   when the bundle loaded; it now loads it on the first file read. On Lambda there are no such files and the DynamoDB
//   client is given its settings (lambda/src/app/dynamodb-client-settings.ts), so it never does.
// - Two type checks for web streams (`typeof ReadableStream`) made Node load its web streams implementation on the
//   first DynamoDB call, for bodies that are strings and Node streams. The checks now look at Node's own kinds first;
//   a web ReadableStream is still recognised as one.
import { readFile } from 'node:fs/promises';

const NOT_IN_THIS_BUNDLE =
  'Event streams are left out of the Lambda bundle (scripts/lib/lean-aws-sdk.mjs): none of its AWS SDK clients has an operation that streams events';

/** The module the event-streams import gets: what HttpProtocol.loadEventStreamCapability takes from it. */
export const EVENT_STREAMS_STUB = `const why = ${JSON.stringify(NOT_IN_THIS_BUNDLE)};
export class EventStreamSerde { constructor() { throw new Error(why); } }
export const eventStreamSerdeProvider = () => { throw new Error(why); };
`;

/**
 * Exact edits of SDK files: `file` is matched against the end of the file's path, each `[from, to]` must occur in the
 * file exactly once.
 */
export const PATCHES = [
  {
    file: '@smithy/core/dist-es/submodules/config/shared-ini-file-loader/readFile.js',
    why: 'node:fs/promises (and node:readline with it) on the first shared config file read, not at cold start',
    edits: [
      [
        'import { readFile as fsReadFile } from "node:fs/promises";',
        'const fsReadFile = (path, encoding) => require("node:fs/promises").readFile(path, encoding);',
      ],
    ],
  },
  {
    file: '@smithy/core/dist-es/submodules/retry/middleware-retry/isStreamingPayload/isStreamingPayload.js',
    why: 'a string body is no web stream: do not make Node load web streams to find that out',
    edits: [
      [
        '(typeof ReadableStream !== "undefined" && request?.body instanceof ReadableStream)',
        '(typeof request?.body === "object" && request.body !== null && typeof ReadableStream !== "undefined" && request.body instanceof ReadableStream)',
      ],
    ],
  },
  {
    file: '@smithy/core/dist-es/submodules/serde/util-stream/stream-collector.js',
    why: "an HTTP response body is a Node stream: collect it before asking whether it is a Blob or a web stream (which loads Node's web streams)",
    edits: [
      [
        'export const streamCollector = (stream) => {\n    if (isBlob(stream)) {',
        'export const streamCollector = (stream) => {\n    if (stream instanceof Readable) {\n        return collectNodeStream(stream);\n    }\n    if (isBlob(stream)) {',
      ],
      ['import { Writable } from "node:stream";', 'import { Readable, Writable } from "node:stream";'],
      [
        '    return new Promise((resolve, reject) => {\n        const collector = new Collector();',
        '    return collectNodeStream(stream);\n};\nconst collectNodeStream = (stream) => {\n    return new Promise((resolve, reject) => {\n        const collector = new Collector();',
      ],
    ],
  },
];

/** Applies `patch`'s edits to a file's text, or throws naming what no longer matches. */
export function applyPatch(contents, patch, path = patch.file) {
  let result = contents;
  for (const [from, to] of patch.edits) {
    const at = result.indexOf(from);
    if (at === -1 || result.indexOf(from, at + from.length) !== -1) {
      throw new Error(
        `lean-aws-sdk: ${path} no longer reads as this plugin expects (${at === -1 ? 'not found' : 'found twice'}: ${JSON.stringify(from.slice(0, 80))}). The AWS SDK changed: review the edit in scripts/lib/lean-aws-sdk.mjs (${patch.why}).`,
      );
    }
    result = result.slice(0, at) + to + result.slice(at + from.length);
  }
  return result;
}

const posix = (path) => path.replace(/\\/g, '/');

export const leanAwsSdk = {
  name: 'lean-aws-sdk',
  setup(build) {
    build.onResolve({ filter: /^@smithy\/core\/event-streams$/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      return { path: 'event-streams', namespace: 'lean-aws-sdk' };
    });
    build.onLoad({ filter: /.*/, namespace: 'lean-aws-sdk' }, () => ({ contents: EVENT_STREAMS_STUB, loader: 'js' }));
    build.onLoad({ filter: /[\\/]node_modules[\\/]@smithy[\\/]core[\\/]dist-es[\\/].*\.js$/ }, async (args) => {
      const patch = PATCHES.find((candidate) => posix(args.path).endsWith(`/node_modules/${candidate.file}`));
      if (!patch) return undefined;
      return { contents: applyPatch(await readFile(args.path, 'utf8'), patch, args.path), loader: 'js' };
    });
  },
};
