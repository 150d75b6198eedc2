import type { Server } from 'node:net';

/** Starts listening on loopback (port 0: any free port) and settles once bound, or with the bind error. */
export function listenOnLoopback(
  server: Pick<Server, 'once' | 'off' | 'listen'>,
  port = 0,
  host = '127.0.0.1',
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
