import type { BotMessage, Playground } from './playground.js';
import type { Scenario, ScenarioStep, TapStep } from './scenarios/types.js';

/**
 * Plays a scenario step by step through the playground's own actions, so a demo takes exactly the path a
 * real person and caseworker would (fake Telegram → Haven's webhook, fake Slack → Haven's events route).
 * A step that waits for Haven fails with a message saying what never came, instead of hanging.
 */

export interface RunStatus {
  scenarioId: string;
  title: string;
  /** The step playing now, counted from 1; 0 before the first. */
  step: number;
  total: number;
  state: 'running' | 'finished' | 'failed' | 'stopped';
  note?: string | undefined;
  error?: string | undefined;
}

export interface RunOptions {
  /** The pause between steps, so people watching can follow. */
  stepDelayMs: number;
  /** How long a step waits for Haven before it fails. */
  botTimeoutMs?: number;
  signal?: AbortSignal;
  onStep?: (index: number, step: ScenarioStep) => void;
}

const DEFAULT_BOT_TIMEOUT_MS = 10_000;
/** How long the chat must stay quiet before a tap by index picks "the newest message with buttons". */
const INDEX_SETTLE_MS = 300;

export class ScenarioStepError extends Error {
  override name = 'ScenarioStepError';
}

/** Runs every step with a new simulated person; resolves with that person's chat id. */
export async function runScenario(
  playground: Playground,
  scenario: Scenario,
  options: RunOptions,
): Promise<{ chatId: number }> {
  const { chatId } = playground.newPerson(scenario.person);
  const context: StepContext = {
    playground,
    chatId,
    timeoutMs: options.botTimeoutMs ?? DEFAULT_BOT_TIMEOUT_MS,
    signal: options.signal,
    // Bot messages newer than this revision count as Haven's answer to the latest step.
    watermark: playground.revision,
    tapped: new Set(),
    threadsBefore: new Set(playground.caseThreads().map(threadKey)),
  };
  for (const [index, step] of scenario.steps.entries()) {
    if (index > 0) await pause(options.stepDelayMs, options.signal);
    options.signal?.throwIfAborted();
    options.onStep?.(index, step);
    try {
      await perform(step, context);
    } catch (error) {
      options.signal?.throwIfAborted();
      const reason = error instanceof Error ? error.message : String(error);
      throw new ScenarioStepError(
        `step ${index + 1} of ${scenario.steps.length} (${describeStep(step)}): ${reason}`,
      );
    }
  }
  return { chatId };
}

interface StepContext {
  playground: Playground;
  chatId: number;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  watermark: number;
  /** Callback data already pressed: a question keeps its nonce, so an edited old message is not tapped twice. */
  tapped: Set<string>;
  /** Threads that were in the inbox before the scenario began: none of them is this person's. */
  threadsBefore: Set<string>;
}

async function perform(step: ScenarioStep, context: StepContext): Promise<void> {
  const { playground, chatId } = context;
  switch (step.kind) {
    case 'say': {
      context.watermark = playground.revision;
      requireDelivered((await playground.sendText(chatId, step.text)).status);
      return;
    }
    case 'photo': {
      context.watermark = playground.revision;
      requireDelivered((await playground.sendPhoto(chatId, step.caption)).status);
      return;
    }
    case 'tap': {
      const found = await waitFor(
        context,
        () => findButton(playground.botMessages(chatId), context, step),
        () =>
          `no message from Haven with ${describeButton(step)} arrived within ${seconds(context.timeoutMs)}. ${lastWords(context)}`,
        // "The newest message with buttons" means something only once Haven has sent all it will send.
        'index' in step ? INDEX_SETTLE_MS : 0,
      );
      context.watermark = playground.revision;
      context.tapped.add(found.data);
      const { status } = await playground.tap(chatId, found.message.message_id, found.data);
      requireDelivered(status, 'button presses (callback_query updates)');
      return;
    }
    case 'caseworker': {
      const thread = await waitFor(
        context,
        () => threadOfPerson(context),
        () => `no case thread for this person appeared in the inbox within ${seconds(context.timeoutMs)}`,
      );
      context.watermark = playground.revision;
      const { status } = await playground.replyInThread(thread.channel, thread.ts, step.text, {
        toPerson: !step.internal,
      });
      if (status >= 300) throw new Error(`Haven's Slack route answered HTTP ${status}`);
      return;
    }
    case 'wait-for-bot': {
      const timeoutMs = step.timeoutMs ?? context.timeoutMs;
      await waitFor(
        { ...context, timeoutMs },
        // A new message, not an edit: Haven may mark the tapped question before it asks the next one.
        () => playground.botMessages(chatId).find((m) => m.sentRevision > context.watermark),
        () => `Haven sent nothing within ${seconds(timeoutMs)}`,
      );
      return;
    }
  }
}

/** The newest message since the watermark that has the wanted button, not pressed before. */
function findButton(
  messages: BotMessage[],
  context: Pick<StepContext, 'watermark' | 'tapped'>,
  step: TapStep,
): { message: BotMessage; data: string } | undefined {
  const fresh = messages
    .filter((m) => m.revision > context.watermark)
    .sort((a, b) => b.revision - a.revision)
    .map((message) => ({ message, buttons: callbackButtons(message) }))
    .filter(({ buttons }) => buttons.some((data) => !context.tapped.has(data)));
  if ('index' in step) {
    const newest = fresh[0];
    const data = newest?.buttons[step.index];
    return newest && data !== undefined && !context.tapped.has(data)
      ? { message: newest.message, data }
      : undefined;
  }
  for (const { message, buttons } of fresh) {
    const data = buttons.find(
      (d) => !context.tapped.has(d) && (d === step.choice || d.endsWith(`:${step.choice}`)),
    );
    if (data !== undefined) return { message, data };
  }
  return undefined;
}

/** The callback data of a message's inline buttons, row by row. */
export function callbackButtons(message: { reply_markup?: unknown }): string[] {
  const rows = (message.reply_markup as { inline_keyboard?: unknown } | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return [];
  return rows
    .flat()
    .map((button) => (button as { callback_data?: unknown }).callback_data)
    .filter((data): data is string => typeof data === 'string');
}

/**
 * The person's case thread: the one that holds their words, or else the one that opened since the
 * scenario began and holds nobody else's (Haven may hold a person's words back, e.g. until they accept
 * the privacy notice).
 */
function threadOfPerson(context: StepContext): { channel: string; ts: string } | undefined {
  const threads = context.playground.caseThreads();
  return (
    threads.filter((t) => t.owner === context.chatId).at(-1) ??
    threads.filter((t) => t.owner === undefined && !context.threadsBefore.has(threadKey(t))).at(-1)
  );
}

function threadKey(thread: { channel: string; ts: string }): string {
  return `${thread.channel}:${thread.ts}`;
}

async function waitFor<T>(
  context: Pick<StepContext, 'playground' | 'timeoutMs' | 'signal'>,
  check: () => T | undefined,
  failure: () => string,
  settleMs = 0,
): Promise<T> {
  const deadline = Date.now() + context.timeoutMs;
  for (;;) {
    context.signal?.throwIfAborted();
    const found = check();
    if (found !== undefined && (settleMs === 0 || (await quiet(context, settleMs)))) return found;
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(failure());
    await context.playground.nextChange(left, context.signal);
  }
}

/** True when no bot message was sent or edited for `ms`; false as soon as one is. */
async function quiet(context: Pick<StepContext, 'playground' | 'signal'>, ms: number): Promise<boolean> {
  const revision = context.playground.revision;
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await context.playground.nextChange(until - Date.now(), context.signal);
    context.signal?.throwIfAborted();
    if (context.playground.revision !== revision) return false;
  }
  return true;
}

function requireDelivered(status: number | undefined, kind = 'messages'): void {
  if (status === undefined) {
    throw new Error(`the fake Telegram did not deliver it: Haven has not asked Telegram for ${kind}`);
  }
  if (status >= 300) throw new Error(`Haven's Telegram webhook answered HTTP ${status}`);
}

function lastWords(context: StepContext): string {
  const messages = context.playground.botMessages(context.chatId);
  const fresh = messages.filter((m) => m.revision > context.watermark);
  const last = fresh.at(-1);
  if (!last) return 'Haven sent nothing since the previous step.';
  const text = (last.text ?? last.caption ?? `(${last.method})`).replace(/\s+/g, ' ');
  const buttons = callbackButtons(last);
  return `Haven's last message: "${text.length > 80 ? `${text.slice(0, 79)}…` : text}"${
    buttons.length ? ` with buttons ${buttons.join(', ')}` : ' without buttons'
  }.`;
}

export function describeStep(step: ScenarioStep): string {
  switch (step.kind) {
    case 'say':
      return `the person writes "${step.text.length > 40 ? `${step.text.slice(0, 39)}…` : step.text}"`;
    case 'photo':
      return 'the person sends a photo';
    case 'tap':
      return `the person taps ${describeButton(step)}`;
    case 'caseworker':
      return 'a caseworker replies in the thread';
    case 'wait-for-bot':
      return 'waiting for Haven';
  }
}

function describeButton(step: TapStep): string {
  return 'index' in step ? `button number ${step.index + 1}` : `the "${step.choice}" button`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}
