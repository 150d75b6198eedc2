/** The simulator's conversation loop: one input line at a time, utterances to the skill, dot-commands to the tool. */

import {
  AMAZON_PAY_SCOPE,
  type DialogDriver,
  type MonthlyRunSummary,
  NoSessionError,
  type SendRequestDirective,
  SkillInvocationError,
  type TurnResult,
} from './dialog-driver';
import type { LineSource } from './line-source';
import type { SimulatorExtension } from './linked-card-side';
import { type AmazonPrompt, amazonPromptFor, resolveAmazonAnswer } from './purchases-side';
import { renderAmazon, renderLogs, renderNote, renderProblem, renderTurn, type Style } from './render';

export const COMMANDS_HELP = `Say what a customer would say, for example "open green horizons", "help", "stop",
or "ask green horizons for help". Commands:
  .help                 this text
  .new                  end the session (SessionEndedRequest); the next turn starts a new one
  .user <name>          talk as another customer (their state in the local DynamoDB is their own)
  .json                 show the raw response JSON after each turn (toggle)
  .logs                 show all of the skill's log lines, not only warnings and errors (toggle)
  .intent <Name> [slot=value slot="two words"]   send an intent directly
  .send <json>          send a raw request body, e.g. {"type":"AlexaSkillEvent.SkillDisabled","body":{}}
  .products             the in-skill products and what this customer owns
  .permission on|off|denied   whether this customer allows Amazon Pay (payments:autopay_consent); on at start
  .job                  run the monthly offset-plan charges now (the Amazon Pay API stand-in), show the summary
  .quit                 leave
When the skill hands over to Amazon for a purchase, answer Amazon's question (in a script: a line "> accept";
for Amazon Pay "> approve", "> decline InvalidPaymentMethod", "> error ServiceUnavailable").`;

export type Outcome = 'continue' | 'quit';

/**
 * A user name for .user: full IDs stay as they are, short names become amzn1.ask.account.<name> (with any character
 * an Alexa user ID cannot hold made a dash, since the skill refuses other IDs).
 */
export function userIdFor(name: string): string {
  return name.startsWith('amzn1.') ? name : `amzn1.ask.account.${name.replace(/[^A-Za-z0-9._-]/g, '-')}`;
}

/** What a run did, for the summary a script run ends with. */
export interface RunCounts {
  /** Requests the skill answered. */
  readonly turns: number;
  /** Turns the skill failed, and utterances Alexa would not have passed on. */
  readonly failures: number;
  /** Purchase and payment hand-offs Amazon's side answered. */
  readonly handOffsAnswered: number;
  /** Hand-offs left unanswered (the next line went to the skill instead). */
  readonly handOffsUnanswered: number;
}

export class Simulator {
  /** Turns the skill failed, and utterances Alexa would not have passed on (what makes a script run exit 1). */
  failures = 0;
  private turns = 0;
  private handOffsAnswered = 0;
  private handOffsUnanswered = 0;
  private showJson = false;
  private allLogs = false;
  private amazon: AmazonPrompt | undefined;
  /** Numbers the IDs Amazon makes up (billing agreements, order references) in this run. */
  private sequence = 0;

  constructor(
    private readonly driver: DialogDriver,
    private readonly print: (text: string) => void,
    private readonly style: Style,
    private readonly source: LineSource,
    private userName: string,
    /** More commands (the linked card's .link, .card, .emails), and what they show after each turn. */
    private readonly extensions: readonly SimulatorExtension[] = [],
  ) {}

  /** The commands, with the extensions' own. */
  get help(): string {
    return [COMMANDS_HELP, ...this.extensions.map((extension) => extension.help)].join('\n');
  }

  prompt(): string {
    return this.amazon ? this.style.bold('amazon> ') : `${this.style.dim(`[${this.userName}]`)} you> `;
  }

  /** Plays one input line. */
  async handle(line: string): Promise<Outcome> {
    const text = line.trim();
    if (this.amazon && !text.startsWith('.')) {
      const answer = this.amazonAnswerIn(text);
      if (answer !== undefined) return this.answerAmazon(this.amazon, answer);
    }
    if (text.startsWith('>')) {
      this.note('Nothing is waiting for an answer.');
      return 'continue';
    }
    if (text.startsWith('.')) return this.command(text);
    if (this.amazon) {
      // Amazon's question left unanswered: its flow ended the skill's session, so, as on a device, what the customer
      // says next reaches the skill in a new session ("ask green horizons …"), not a closed one.
      this.abandonAmazon();
      this.note('The customer speaks to the skill again: a new session.');
      await this.play(() => this.driver.say(text, { newSessionIfClosed: true }));
      return 'continue';
    }
    await this.play(() => this.driver.say(text));
    return 'continue';
  }

  /** What the run did so far. */
  counts(): RunCounts {
    return {
      turns: this.turns,
      failures: this.failures,
      handOffsAnswered: this.handOffsAnswered,
      handOffsUnanswered: this.handOffsUnanswered,
    };
  }

  /** The line a script run ends with. */
  summary(): string {
    const { turns, failures, handOffsAnswered, handOffsUnanswered } = this.counts();
    const flows = handOffsAnswered + handOffsUnanswered;
    const handOffs =
      flows === 0 ? '' : `, ${flows} hand-off${flows === 1 ? '' : 's'} to Amazon (${handOffsUnanswered} unanswered)`;
    return `Script done: ${turns} turn${turns === 1 ? '' : 's'}${handOffs}, ${failures} failure${failures === 1 ? '' : 's'}.`;
  }

  /** A line starting with ">" answers Amazon; at the terminal, so does any line that is not a command. */
  private amazonAnswerIn(text: string): string | undefined {
    if (text.startsWith('>')) return text.slice(1).trim();
    return this.source.echo ? undefined : text;
  }

  private note(text: string): void {
    this.print(renderNote(text, this.style));
  }

  private problem(text: string): void {
    this.print(renderProblem(text, this.style));
  }

  /** Anything that talks to the skill ends a purchase flow Amazon was still asking about. */
  private abandonAmazon(): void {
    if (!this.amazon) return;
    this.note("Amazon's question was left unanswered: that purchase flow is abandoned.");
    this.handOffsUnanswered += 1;
    this.amazon = undefined;
  }

  private async play(turn: () => Promise<TurnResult>): Promise<void> {
    this.abandonAmazon();
    try {
      const result = await turn();
      this.turns += 1;
      this.print(renderTurn(result, this.renderOptions(), this.style));
      for (const extension of this.extensions) extension.afterTurn();
      const pending = this.driver.pendingConnection;
      if (pending) this.askAmazon(pending);
    } catch (error) {
      this.failures += 1;
      this.reportFailure(error);
    }
  }

  private renderOptions() {
    return { showJson: this.showJson, allLogs: this.allLogs };
  }

  private reportFailure(error: unknown): void {
    if (error instanceof NoSessionError) {
      this.problem(error.message);
      return;
    }
    this.problem(error instanceof Error ? error.message : String(error));
    if (error instanceof SkillInvocationError) {
      for (const line of renderLogs(error.logs, { showJson: false, allLogs: true }, this.style)) this.print(line);
    }
  }

  private askAmazon(directive: SendRequestDirective): void {
    const context = {
      products: this.driver.products,
      userId: this.driver.userId,
      locale: this.driver.locale,
      amazonPayPermission: this.driver.permission(AMAZON_PAY_SCOPE),
      billingAgreements: this.driver.billingAgreements,
      nextSequence: () => {
        this.sequence += 1;
        return this.sequence;
      },
    };
    this.amazon = amazonPromptFor(directive, context);
    this.print(renderAmazon(this.amazon.lines, this.style));
    // The hint goes on the question's first line: Amazon Pay questions go on with the list of answers.
    const [first = '', ...more] = this.amazon.question.split('\n');
    this.note([`${first}${this.source.echo ? ' (in a script: a line "> …")' : ''}`, ...more].join('\n'));
  }

  private async answerAmazon(prompt: AmazonPrompt, input: string): Promise<Outcome> {
    const decision = resolveAmazonAnswer(prompt, input);
    if (decision.kind === 'invalid') {
      this.problem(decision.reason);
      return 'continue';
    }
    this.amazon = undefined;
    this.handOffsAnswered += 1;
    if (decision.kind === 'skip') {
      this.note('Skipped: no Connections.Response is sent.');
      return 'continue';
    }
    for (const note of decision.notes) this.note(note);
    this.note(
      `Amazon sends Connections.Response ${prompt.directive.name}${decision.summary ? ` ${decision.summary}` : ''}`,
    );
    await this.play(() => this.driver.answerConnection(decision.answer));
    return 'continue';
  }

  private async command(text: string): Promise<Outcome> {
    const [name = '', ...rest] = text.split(/\s+/);
    const argument = text.slice(name.length).trim();
    switch (name.toLowerCase()) {
      case '.help':
        this.print(this.help);
        return 'continue';
      case '.quit':
      case '.exit':
        return 'quit';
      case '.new':
        await this.endSession();
        return 'continue';
      case '.user':
        await this.switchUser(rest[0]);
        return 'continue';
      case '.json':
        this.showJson = !this.showJson;
        this.note(`Raw response JSON ${this.showJson ? 'on' : 'off'}.`);
        return 'continue';
      case '.logs':
        this.allLogs = !this.allLogs;
        this.note(this.allLogs ? 'Showing all skill log lines.' : 'Showing only warnings and errors.');
        return 'continue';
      case '.intent':
        await this.sendIntent(argument);
        return 'continue';
      case '.send':
        await this.sendRaw(argument);
        return 'continue';
      case '.products':
        this.listProducts();
        return 'continue';
      case '.permission':
        this.setPermission(rest[0]);
        return 'continue';
      case '.job':
        await this.runJob();
        return 'continue';
      default:
        for (const extension of this.extensions) {
          if (await extension.command(name.toLowerCase(), argument, this.driver.userId)) return 'continue';
        }
        this.problem(`Unknown command ${name}. Type .help for the list.`);
        return 'continue';
    }
  }

  private async endSession(): Promise<void> {
    if (!this.driver.sessionOpen) {
      this.note('No session is open.');
      return;
    }
    this.note('The customer ends the session: SessionEndedRequest (USER_INITIATED).');
    await this.play(async () => {
      const ended = await this.driver.endSession();
      if (!ended) throw new Error('The session closed meanwhile');
      return ended;
    });
  }

  private async switchUser(name: string | undefined): Promise<void> {
    if (!name) {
      this.problem('Usage: .user <name>');
      return;
    }
    this.abandonAmazon();
    try {
      await this.driver.switchUser(userIdFor(name));
    } catch (error) {
      this.failures += 1;
      this.reportFailure(error);
    }
    this.userName = name;
    this.note(`Now talking as ${name} (${this.driver.userId}).`);
  }

  private async sendIntent(argument: string): Promise<void> {
    const [intentName, ...slotTexts] = argument.match(/\S+="[^"]*"|\S+/g) ?? [];
    if (!intentName) {
      this.problem('Usage: .intent <IntentName> [slot=value ...]');
      return;
    }
    const slots: Record<string, string> = {};
    for (const slotText of slotTexts) {
      const match = /^([^=]+)=(?:"([^"]*)"|(.*))$/.exec(slotText);
      if (!match?.[1]) {
        this.problem(`Not a slot=value pair: ${slotText}`);
        return;
      }
      slots[match[1]] = match[2] ?? match[3] ?? '';
    }
    await this.play(() => this.driver.intent(intentName, slots));
  }

  private async sendRaw(argument: string): Promise<void> {
    let request: unknown;
    try {
      request = JSON.parse(argument);
    } catch {
      this.problem('Usage: .send <request body as one line of JSON>');
      return;
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      this.problem('The request body must be a JSON object.');
      return;
    }
    await this.play(() => this.driver.send(request as Record<string, unknown>));
  }

  private setPermission(answer: string | undefined): void {
    const statuses = { on: 'GRANTED', off: undefined, denied: 'DENIED' } as const;
    const key = answer?.toLowerCase();
    if (key !== 'on' && key !== 'off' && key !== 'denied') {
      const now = this.driver.permission(AMAZON_PAY_SCOPE) ?? 'not granted';
      this.problem(`Usage: .permission on|off|denied (${AMAZON_PAY_SCOPE} is ${now} for this customer)`);
      return;
    }
    this.driver.setPermission(AMAZON_PAY_SCOPE, statuses[key]);
    const described = {
      on: 'granted',
      off: 'not granted (the request carries no such scope)',
      denied: 'denied',
    }[key];
    this.note(`${AMAZON_PAY_SCOPE} ${described}, from the next request on.`);
  }

  private async runJob(): Promise<void> {
    this.abandonAmazon();
    const api = this.driver.amazonPayApi;
    const before = api.authorizations.length;
    let summary: MonthlyRunSummary;
    try {
      summary = await this.driver.runMonthlyJob();
    } catch (error) {
      this.failures += 1;
      this.problem(error instanceof Error ? error.message : String(error));
      for (const line of renderLogs(this.driver.jobLogs, { showJson: false, allLogs: true }, this.style)) {
        this.print(line);
      }
      return;
    }
    const plans = Object.entries(summary.plans);
    this.note(
      `Monthly job for ${summary.month}: ${plans.length === 0 ? 'no active plans' : `${plans.length} plan(s)`}`,
    );
    for (const [planId, result] of plans) this.note(`  ${planId}: ${result}`);
    const { fulfilled, pending } = summary.fulfilmentRetries;
    this.note(`Fulfilment retries: ${fulfilled} fulfilled, ${pending} pending`);
    // A bundle from before the card rail reports no open payments.
    const openPayments: Partial<MonthlyRunSummary['openPayments']> = summary.openPayments ?? {};
    const { settled = 0, open = 0, cancelled = 0 } = openPayments;
    if (settled + open + cancelled > 0) {
      this.note(`Card payments left open: ${settled} settled, ${open} still open, ${cancelled} cancelled`);
    }
    for (const extension of this.extensions) extension.afterTurn();
    const decided = api.authorizations.slice(before);
    for (const authorization of decided) {
      this.note(
        `Amazon Pay API: ${authorization.authorizationReferenceId} ${authorization.state} ${authorization.reasonCode}` +
          ` on ${authorization.billingAgreementId}`,
      );
    }
    for (const line of renderLogs(this.driver.jobLogs, this.renderOptions(), this.style)) this.print(line);
    if (this.showJson) this.print(JSON.stringify(summary, null, 2));
  }

  private listProducts(): void {
    const { products, userId, locale } = this.driver;
    if (products.products.length === 0) {
      this.note('No in-skill products: skill-package/isps has no ISP files yet.');
      return;
    }
    for (const product of products.products) {
      const view = products.view(userId, product.referenceName, locale);
      this.note(
        `${view.referenceName} (${view.type}) "${view.name}" · ${view.entitled} · ${view.purchasable}` +
          ` · active ${view.activeEntitlementCount} · ${view.productId}`,
      );
    }
  }
}
