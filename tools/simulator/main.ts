/**
 * The offline dialog simulator: `npm start` (interactive), `npm start -- --script FILE`, or lines piped to stdin.
 * Runs the skill, built from source, against an in-process DynamoDB and local stand-ins of Alexa's APIs; nothing
 * leaves the machine.
 */
import './quiet-sdk-warnings';
import '../../accounts/local/quiet-warnings';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startAccountsLocally } from '../../accounts/local/start-locally';
import { findProjectRoot } from '../stand-ins/project-root';
import { AMAZON_PAY_SCOPE, DialogDriver, type LogLevel } from './dialog-driver';
import { type LineSource, pipedSource, scriptSource, terminalSource } from './line-source';
import { LINKED_CARD_HELP, LinkedCardSide } from './linked-card-side';
import { renderNote, renderProblem, styleFor } from './render';
import { COMMANDS_HELP, Simulator, userIdFor } from './simulator';

const USAGE = `Usage: npm start [-- --script FILE] [--locale LOCALE] [--user NAME] [--log-level DEBUG|INFO|WARN|ERROR]

Talk to the Green Horizons skill as Alexa would, offline. Without --script, reads from the terminal, or line by
line from stdin when it is not a terminal (echo -e "open green horizons\\nhelp\\nstop" | npm start).
A script has one utterance or dot-command per line; "#" starts a comment; "> accept" (in-skill purchases) or
"> approve" (Amazon Pay, with PAYMENT_RAIL=amazon-pay) answers Amazon's question; a script run ends with a summary,
and exits 1 if a turn failed.
--locale picks the interaction model and the request locale: any of skill-package/interactionModels/custom
(${localesOfModel().join(', ')}); default en-US.

Offsets are sold on the linked card: the Green Horizons account service runs beside the simulator (its URL is
printed at start); .link links the customer, .card saves a Stripe test card, and sent emails are shown.

${COMMANDS_HELP}
${LINKED_CARD_HELP}`;

const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/** The locales the skill package has an interaction model for. */
function localesOfModel(): string[] {
  return readdirSync(join(findProjectRoot(), 'skill-package/interactionModels/custom'))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.replace(/\.json$/, ''))
    .sort();
}

interface Arguments {
  readonly script: string | undefined;
  readonly locale: string;
  readonly user: string;
  readonly logLevel: LogLevel;
  readonly help: boolean;
}

function readArguments(argv: readonly string[]): Arguments {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      script: { type: 'string', short: 's' },
      user: { type: 'string', short: 'u', default: 'developer' },
      locale: { type: 'string', short: 'l', default: 'en-US' },
      'log-level': { type: 'string', default: 'INFO' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const logLevel = LOG_LEVELS.find((level) => level === values['log-level']?.toUpperCase());
  if (!logLevel) throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  const locales = localesOfModel();
  const locale = locales.find((known) => known.toLowerCase() === (values.locale ?? 'en-US').toLowerCase());
  if (!locale) throw new Error(`--locale must be one the model has: ${locales.join(', ')}`);
  return { script: values.script, locale, user: values.user ?? 'developer', logLevel, help: values.help ?? false };
}

function lineSource(script: string | undefined): LineSource {
  if (script) return scriptSource(script);
  return process.stdin.isTTY ? terminalSource(process.stdin, process.stdout) : pipedSource(process.stdin);
}

/** The payment rail the skill was built with. */
function railLine(driver: DialogDriver): string {
  const offsets = driver.config?.offsets;
  if (!offsets) return 'offsets off';
  if (offsets.rail === 'linked-card') return 'offsets on the linked card (Stripe stand-in)';
  const amazonPay = offsets.amazonPay;
  return amazonPay
    ? `Amazon Pay ${amazonPay.sandbox ? 'sandbox' : 'LIVE'} seller ${amazonPay.sellerId}`
    : 'offsets off';
}

function print(text: string): void {
  console.log(text);
}

async function converse(simulator: Simulator, source: LineSource): Promise<void> {
  for (;;) {
    const prompt = simulator.prompt();
    const line = await source.next(prompt);
    if (line === undefined) return;
    const text = line.trim();
    if (text === '' || text.startsWith('#')) continue;
    if (source.echo) print(`\n${prompt}${text}`);
    if ((await simulator.handle(text)) === 'quit') return;
    if (!source.echo) print('');
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const args = readArguments(argv);
  if (args.help) {
    print(USAGE);
    return 0;
  }
  const style = styleFor(process.stdout);
  const source = lineSource(args.script);
  // The account service beside the skill, on the same embedded DynamoDB, unless the developer picked Amazon Pay.
  const linkedCard = (process.env.PAYMENT_RAIL ?? 'linked-card') === 'linked-card';
  const accounts = linkedCard ? await startAccountsLocally({ logLevel: 'ERROR' }) : undefined;
  // A customer who has allowed Amazon Pay, unless the developer says otherwise (.permission off).
  // The skill is built from source; the developer's environment can set any of its variables (README: Configuration).
  const driver = await DialogDriver.start({
    baseEnv: process.env,
    userId: userIdFor(args.user),
    locale: args.locale,
    logLevel: args.logLevel,
    permissions: { [AMAZON_PAY_SCOPE]: 'GRANTED' },
    ...(accounts ? { linkedCard: accounts } : {}),
  }).catch(async (error: unknown) => {
    await accounts?.stop();
    throw error;
  });
  try {
    const side = accounts
      ? new LinkedCardSide(
          accounts,
          (text) => print(renderNote(text, style)),
          (text) => print(renderProblem(text, style)),
        )
      : undefined;
    const simulator = new Simulator(driver, print, style, source, args.user, side ? [side] : []);
    const products = driver.products.products.length;
    print(
      style.dim(
        `Green Horizons simulator · invocation "${driver.invocationName}" · ${driver.locale} · ` +
          `${products} in-skill product${products === 1 ? '' : 's'} · ${railLine(driver)} · .help for commands`,
      ),
    );
    if (side) print(style.dim(side.banner(driver.userId)));
    await converse(simulator, source);
    if (source.echo) print(`\n${style.bold(simulator.summary())}`);
    // A script is a check: it fails when the skill failed a turn or a line would never have reached the skill.
    return source.echo && simulator.failures > 0 ? 1 : 0;
  } finally {
    source.close();
    await driver.stop();
    await accounts?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
