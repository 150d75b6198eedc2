/** Where the simulator's input lines come from: the terminal, a transcript file, or piped stdin. */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createInterface as createPromptInterface } from 'node:readline/promises';

export interface LineSource {
  /** The next line, or undefined at the end (end of file, Ctrl-D, Ctrl-C). */
  next(prompt: string): Promise<string | undefined>;
  /** Whether input lines should be printed (they are not visible otherwise). */
  readonly echo: boolean;
  close(): void;
}

export function scriptSource(path: string): LineSource {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  let index = 0;
  return {
    echo: true,
    next: async () => (index < lines.length ? lines[index++] : undefined),
    close: () => undefined,
  };
}

export function pipedSource(input: NodeJS.ReadableStream): LineSource {
  const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const lines = reader[Symbol.asyncIterator]();
  return {
    echo: true,
    next: async () => {
      const line = await lines.next();
      return line.done ? undefined : line.value;
    },
    close: () => reader.close(),
  };
}

export function terminalSource(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): LineSource {
  const reader = createPromptInterface({ input, output, terminal: true, historySize: 200 });
  let closed = false;
  reader.on('close', () => {
    closed = true;
  });
  return {
    echo: false,
    next: (prompt) => {
      if (closed) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        const onClose = () => resolve(undefined);
        reader.once('close', onClose);
        reader.question(prompt).then(
          (answer) => {
            reader.off('close', onClose);
            resolve(answer);
          },
          () => resolve(undefined),
        );
      });
    },
    close: () => reader.close(),
  };
}
