import { createLogger, describeError, MAX_LOGGED_CHARS, redact, safeForLog } from '../../lambda/src/shared/logger';
import { captureLogLines } from '../support/log-lines';

/** The one place logged text is bounded and redacted (shared/logger.ts). */
describe('redact', () => {
  it.each([
    ['Authorization: Bearer abc.def.ghi', 'Authorization: [redacted]'],
    ['{"authorization":"Basic dXNlcjpwYXNz"}', '{"authorization":"[redacted]"}'],
    ['retrying with Bearer eyJhbGciOi.eyJzdWIi.sig now', 'retrying with Bearer [redacted] now'],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc in the URL', 'token [redacted] in the URL'],
    ['lwa Atza|IwEBIGx0b2tlbg refresh', 'lwa [redacted] refresh'],
    ['key sk_live_51Habc123 used', 'key [redacted] used'],
    ['?apiKey=s3cr3t&x=1', '?apiKey=[redacted]&x=1'],
    ['for amzn1.ask.account.AF3XYZ', 'for amzn1.ask.account.[redacted]'],
    ['an ordinary message', 'an ordinary message'],
  ])('%s → %s', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it('cuts long text, saying how long it was', () => {
    const cut = redact('a'.repeat(1_000_000));

    expect(cut.length).toBeLessThan(MAX_LOGGED_CHARS + 30);
    expect(cut).toMatch(/…\[1000000 chars\]$/);
  });
});

describe('what goes into a log line', () => {
  it('never carries a credential field, a whole error, or a huge list', () => {
    expect(safeForLog('authorization', 'Bearer x')).toBe('[redacted]');
    expect(safeForLog('headers', { Authorization: 'Bearer x' })).toEqual({ Authorization: 'Bearer x' });
    expect(safeForLog('Authorization', 'Bearer x')).toBe('[redacted]');
    expect(safeForLog('error', Object.assign(new Error('boom'), { config: { headers: { a: 1 } } }))).toEqual({
      errorName: 'Error',
      errorMessage: 'boom',
    });
    expect(
      safeForLog(
        'ids',
        Array.from({ length: 100 }, (_, i) => i),
      ),
    ).toHaveLength(21);
  });

  it('describeError redacts what it keeps', () => {
    expect(describeError(new Error('failed with Authorization: Bearer abc'))).toEqual({
      errorName: 'Error',
      errorMessage: 'failed with Authorization: [redacted]',
    });
  });

  it('the real logger writes bounded, redacted lines whatever it is given', async () => {
    const logger = createLogger('INFO');

    const { lines } = await captureLogLines(async () => {
      logger.info('Request handled', { intent: 'I'.repeat(100_000), note: 'Authorization: Bearer abc.def' });
      logger.error('Request failed', { error: new Error(`x ${'y'.repeat(100_000)}`), headers: { cookie: 'sid=1' } });
    });

    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.length).toBeLessThan(2000);
    expect(lines.join('\n')).not.toMatch(/abc\.def|sid=1/);
  });
});
