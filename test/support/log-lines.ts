/**
 * Every line written to stdout and stderr while `work` runs, kept instead of printed (the skill's Powertools Logger
 * writes one JSON object per line): for tests of what is logged, and how much.
 */
export async function captureLogLines<T>(work: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      lines.push(...text.split('\n').filter((line) => line.trim() !== ''));
      const callback = rest.find((arg) => typeof arg === 'function');
      if (typeof callback === 'function') process.nextTick(() => (callback as () => void)());
      return true;
    }) as typeof stream.write;
  }
  try {
    return { result: await work(), lines };
  } finally {
    streams.forEach((stream, index) => {
      const original = originals[index];
      if (original) stream.write = original;
    });
  }
}
