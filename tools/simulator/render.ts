/** How the simulator lays out a turn on the screen. */
import type { Directive } from 'ask-sdk-model';
import type { SkillLogEntry, TurnResult } from './dialog-driver';

export interface Style {
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly red: (text: string) => string;
  readonly magenta: (text: string) => string;
}

function ansi(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const plain = (text: string) => text;

/** No colours (for files, pipes and tests). */
export const plainStyle: Style = { dim: plain, bold: plain, cyan: plain, yellow: plain, red: plain, magenta: plain };

/** Colours when the stream is a terminal and NO_COLOR is not set. */
export function styleFor(stream: NodeJS.WriteStream): Style {
  if (!stream.isTTY || process.env.NO_COLOR !== undefined) return plainStyle;
  return {
    dim: ansi(2, 22),
    bold: ansi(1, 22),
    cyan: ansi(36, 39),
    yellow: ansi(33, 39),
    red: ansi(31, 39),
    magenta: ansi(35, 39),
  };
}

export interface RenderOptions {
  readonly showJson: boolean;
  /** Every captured log line, or only WARN and ERROR ones. */
  readonly allLogs: boolean;
}

const LABEL_WIDTH = 10;

function row(label: string, text: string, style: (text: string) => string = (t) => t): string {
  return `  ${label.padEnd(LABEL_WIDTH)}${style(text)}`;
}

function compact(value: unknown, limit = 110): string {
  const json = JSON.stringify(value) ?? '';
  return json.length > limit ? `${json.slice(0, limit - 1)}…` : json;
}

/** One line for a directive: its type, then the fields that matter for it. */
export function summarizeDirective(directive: Directive): string {
  const record = directive as unknown as Record<string, unknown>;
  const parts: string[] = [directive.type];
  if (typeof record.name === 'string') parts.push(record.name);
  const payload = record.payload as Record<string, unknown> | undefined;
  const product = payload?.InSkillProduct as { productId?: unknown } | undefined;
  if (typeof product?.productId === 'string') parts.push(`product ${product.productId}`);
  if (typeof payload?.['@type'] === 'string') parts.push(payload['@type']);
  for (const key of ['slotToElicit', 'slotToConfirm']) {
    if (typeof record[key] === 'string') parts.push(`${key} ${record[key]}`);
  }
  const updated = record.updatedIntent as { name?: unknown } | undefined;
  if (typeof updated?.name === 'string') parts.push(`intent ${updated.name}`);
  if (typeof record.token === 'string') parts.push(`token ${record.token}`);
  if (parts.length === 1) parts.push(compact(Object.fromEntries(Object.entries(record).filter(([k]) => k !== 'type'))));
  return parts.join(' · ');
}

function logLine(entry: SkillLogEntry): string {
  const fields = Object.entries(entry.fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : compact(value, 60)}`)
    .join(' ');
  return `${entry.level} ${entry.message}${fields ? ` · ${fields}` : ''}`;
}

export function renderLogs(logs: readonly SkillLogEntry[], options: RenderOptions, style: Style): string[] {
  return logs
    .filter((entry) => options.allLogs || entry.level === 'WARN' || entry.level === 'ERROR')
    .map((entry) => row('log', logLine(entry), entry.level === 'ERROR' ? style.red : style.dim));
}

function sessionLine(turn: TurnResult): string {
  if (turn.sessionOpen) return 'session open: Alexa is listening';
  const handover = turn.directives.some((directive) => directive.type === 'Connections.SendRequest');
  return handover ? 'session closed: Amazon takes over' : 'session closed';
}

export function renderTurn(turn: TurnResult, options: RenderOptions, style: Style): string {
  const lines: string[] = [];
  lines.push(row('Alexa', turn.speech || '(says nothing)', turn.speech ? style.cyan : style.dim));
  if (turn.reprompt) lines.push(row('reprompt', turn.reprompt, style.dim));
  if (turn.card) {
    const content = turn.card.content ? ` | ${turn.card.content.replace(/\s*\n\s*/g, ' / ')}` : '';
    lines.push(row('card', `${turn.card.title}${content}`, style.magenta));
  }
  for (const directive of turn.directives) lines.push(row('directive', summarizeDirective(directive), style.yellow));
  lines.push(...renderLogs(turn.logs, options, style));
  lines.push(style.dim(`  ── ${sessionLine(turn)}`));
  if (options.showJson) lines.push(JSON.stringify(turn.response, null, 2));
  return lines.join('\n');
}

export function renderAmazon(lines: readonly string[], style: Style): string {
  return lines.map((line) => row('Amazon', line, style.bold)).join('\n');
}

export function renderNote(text: string, style: Style): string {
  return style.dim(`  ${text}`);
}

export function renderProblem(text: string, style: Style): string {
  return style.red(`  ${text}`);
}
