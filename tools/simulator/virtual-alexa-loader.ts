/**
 * Loads virtual-alexa, undoing one side effect: virtual-alexa requires nock 9, which patches
 * http.request and http.ClientRequest for the whole process as soon as it is loaded (it then passes requests through,
 * but in its own, older way). The skill's DynamoDB and Alexa API clients should see Node's own http module.
 */
import { createRequire } from 'node:module';
import type * as VirtualAlexaModule from 'virtual-alexa';

function restoreNock(fromVirtualAlexa: NodeJS.Require, nockWasLoaded: boolean): void {
  if (nockWasLoaded) return; // someone else loaded nock on purpose: leave it as they want it
  const nock: unknown = fromVirtualAlexa('nock');
  const restore = typeof nock === 'function' ? (nock as { restore?: unknown }).restore : undefined;
  if (typeof restore === 'function') restore();
}

export function loadVirtualAlexa(): typeof VirtualAlexaModule {
  const fromVirtualAlexa = createRequire(require.resolve('virtual-alexa'));
  const nockPath = fromVirtualAlexa.resolve('nock');
  const nockWasLoaded = fromVirtualAlexa.cache[nockPath] !== undefined;
  const virtualAlexa = require('virtual-alexa') as typeof VirtualAlexaModule;
  restoreNock(fromVirtualAlexa, nockWasLoaded);
  return virtualAlexa;
}
