import { join } from 'node:path';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';

export type BuiltHandler = (event: RequestEnvelope, context?: unknown) => Promise<ResponseEnvelope>;

const BUNDLE = join(__dirname, '../../lambda/dist/index.js');

/**
 * Loads the built Lambda bundle (lambda/dist/index.js, as deployed) with the given environment, fresh each time:
 * the bundle reads its configuration once, when it loads.
 */
export function loadBuiltHandler(env: Record<string, string | undefined>): BuiltHandler {
  const saved = { ...process.env };
  Object.assign(process.env, { LOG_LEVEL: 'SILENT', ...env });
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete process.env[key];
  try {
    let handler: BuiltHandler | undefined;
    jest.isolateModules(() => {
      handler = (require(BUNDLE) as { handler: BuiltHandler }).handler;
    });
    if (!handler) throw new Error(`${BUNDLE} exports no handler: run npm run build`);
    return handler;
  } finally {
    process.env = saved;
  }
}
