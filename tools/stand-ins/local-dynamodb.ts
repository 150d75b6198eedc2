/**
 * An in-process dynalite server (a DynamoDB-compatible HTTP server with in-memory storage) on 127.0.0.1.
 * Stop it with the handle's close(): a server left running keeps the process alive.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenOnLoopback } from './loopback';

export interface LocalDynamoDb {
  readonly url: string;
  close(): Promise<void>;
}

type DynaliteFactory = (options: { createTableMs: number; deleteTableMs: number; updateTableMs: number }) => Server;

function loadDynalite(): DynaliteFactory {
  const factory: unknown = require('dynalite');
  if (typeof factory !== 'function') throw new Error('dynalite did not export a function');
  return factory as DynaliteFactory;
}

export async function startLocalDynamoDb(port = 0): Promise<LocalDynamoDb> {
  const server = loadDynalite()({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await listenOnLoopback(server, port);
  const { address, port: bound } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${address}:${bound}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        // The skill's DynamoDB client keeps sockets alive: drop them so close() does not wait for them.
        server.close((error?: Error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
