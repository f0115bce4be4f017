import type { ButtonPressInput, FakeSlack, SlackMessage } from '../fake-slack.js';
import type { FakeTelegram, SentMessage, TelegramChatChange } from '../fake-telegram.js';
import { LANGUAGE_CODES } from './languages.js';
import { threadsOfPeople } from './person-threads.js';
import { type RunStatus, runScenario } from './scenario-runner.js';
import type { Scenario } from './scenarios/types.js';

/**
 * The playground's model: simulated people on the fake Telegram side, the caseworker's view of the fake
 * Slack side, and every action a person or a caseworker can take. Actions go through the fakes, which
 * deliver to Haven's real webhook and events route: nothing here talks to Haven's core directly.
 */

export interface PlaygroundOptions {
  telegram: FakeTelegram;
  slack: FakeSlack;
  /** The channel Haven opens case threads in; shown first in the inbox. */
  inboxChannel: string;
  /** The bot token the fake Telegram expects, to set the webhook again after a reset. */
  telegramToken: string;
  /** Wipes what Haven stored (the database); called by reset() before the fakes are cleared. */
  reset?: () => Promise<void>;
  scenarios?: readonly Scenario[];
}

/** A message the simulated person sent, as the phone shows it. */
export interface PersonMessage {
  messageId: number;
  date: number;
  text?: string;
  photo?: boolean;
  /** What Haven's webhook answered; undefined when the fake did not deliver the update at all. */
  status: number | undefined;
}

export interface SimulatedPerson {
  chatId: number;
  firstName: string;
  languageCode: string;
  messages: PersonMessage[];
}

/** A bot message with the order of its changes, for waiting on "something new". */
export interface BotMessage extends SentMessage {
  /** When it was sent. */
  sentRevision: number;
  /** When it was last sent or edited. */
  revision: number;
}

/** A refusal the page should show as it is (bad input, unknown person): answered with HTTP 400. */
export class PlaygroundError extends Error {
  override name = 'PlaygroundError';
}

/** Telegram's own limit on a text message. */
const MAX_TEXT = 4096;

/**
 * Chat ids of simulated people, unique across playgrounds and restarts: Haven keeps its database between
 * runs of the sandbox, and a chat id it already knows would continue an old conversation (whose Slack
 * thread the fresh fake Slack does not have). Seeded from the clock and only ever counted up.
 */
let lastChatId = 0;
function newChatId(): number {
  lastChatId = Math.max(lastChatId + 1, Date.now());
  return lastChatId;
}

export class Playground {
  readonly telegram: FakeTelegram;
  readonly slack: FakeSlack;
  readonly inboxChannel: string;
  readonly scenarios: readonly Scenario[];

  readonly #options: PlaygroundOptions;
  #version = 0;
  #revision = 0;
  /** chat id → message id → revisions of its send and of its last change. */
  #revisions = new Map<number, Map<number, { sent: number; changed: number }>>();
  #people = new Map<number, SimulatedPerson>();
  #activeChatId = 0;
  /** For the names "Person 1", "Person 2"…; unlike the chat ids, these start over after a reset. */
  #peopleCreated = 0;
  #channels = new Set<string>();
  /** "chat:message" of deletions seen, for a deletion that arrives before the send it deletes returned. */
  #deleted = new Set<string>();
  #waiters = new Set<() => void>();
  #unsubscribe: Array<() => void>;
  #run: { status: RunStatus; abort: AbortController } | undefined;

  constructor(options: PlaygroundOptions) {
    this.#options = options;
    this.telegram = options.telegram;
    this.slack = options.slack;
    this.inboxChannel = options.inboxChannel;
    this.scenarios = options.scenarios ?? [];
    this.#channels.add(options.inboxChannel);
    this.#unsubscribe = [
      options.telegram.onChange((change) => this.#onTelegramChange(change)),
      options.slack.onChange((change) => {
        this.#channels.add(change.channel);
        this.#bump();
      }),
      options.slack.onViewChange(() => this.#bump()),
    ];
    this.newPerson();
  }

  /** Bumped by every change the page should show. */
  get version(): number {
    return this.#version;
  }

  /** The latest bot message revision; a step remembers it to wait for anything newer. */
  get revision(): number {
    return this.#revision;
  }

  get activeChatId(): number {
    return this.#activeChatId;
  }

  get run(): RunStatus | undefined {
    return this.#run?.status;
  }

  people(): SimulatedPerson[] {
    return [...this.#people.values()];
  }

  person(chatId: number = this.#activeChatId): SimulatedPerson {
    const person = this.#people.get(chatId);
    if (!person) throw new PlaygroundError(`there is no simulated person with chat id ${chatId}`);
    return person;
  }

  /** The inbox channel first, then any other channel Haven posted in. */
  channels(): string[] {
    return [...this.#channels];
  }

  channelMessages(channel: string): SlackMessage[] {
    return this.slack.messages(channel);
  }

  /** The bot's messages in a chat that are still there (deleted ones are gone from the phone). */
  botMessages(chatId: number): BotMessage[] {
    const revisions = this.#revisions.get(chatId);
    return this.telegram
      .sentTo(chatId)
      .filter((message) => !message.deleted)
      .map((message) => {
        const revision = revisions?.get(message.message_id);
        return { ...message, sentRevision: revision?.sent ?? 0, revision: revision?.changed ?? 0 };
      });
  }

  /** Every thread head in the inbox, oldest first, with the simulated person whose words are in it. */
  caseThreads(): Array<{ channel: string; ts: string; owner: number | undefined }> {
    const threads: Array<{ channel: string; ts: string; owner: number | undefined }> = [];
    for (const channel of this.channels()) {
      const messages = this.channelMessages(channel);
      const owners = threadsOfPeople(messages, this.people());
      for (const message of messages) {
        if (message.deleted || (message.thread_ts && message.thread_ts !== message.ts)) continue;
        threads.push({ channel, ts: message.ts, owner: owners.get(message.ts) });
      }
    }
    return threads.sort((a, b) => Number(a.ts) - Number(b.ts));
  }

  /** Case threads that hold what this person wrote, newest last. */
  threadsOf(chatId: number): Array<{ channel: string; ts: string }> {
    return this.caseThreads()
      .filter((thread) => thread.owner === chatId)
      .map(({ channel, ts }) => ({ channel, ts }));
  }

  // -------------------------------------------------------------------------------------------------------
  // People

  newPerson(input: { firstName?: string; languageCode?: string } = {}): SimulatedPerson {
    const languageCode = input.languageCode ?? 'en';
    requireLanguage(languageCode);
    const chatId = newChatId();
    this.#peopleCreated += 1;
    const person: SimulatedPerson = {
      chatId,
      firstName: input.firstName?.trim() || `Person ${this.#peopleCreated}`,
      languageCode,
      messages: [],
    };
    this.#people.set(chatId, person);
    this.#activeChatId = chatId;
    this.#bump();
    return person;
  }

  selectPerson(chatId: number): void {
    this.person(chatId);
    this.#activeChatId = chatId;
    this.#bump();
  }

  /** The language the simulated Telegram app reports from now on (`from.language_code`). */
  setLanguage(chatId: number, languageCode: string): void {
    requireLanguage(languageCode);
    this.person(chatId).languageCode = languageCode;
    this.#bump();
  }

  // -------------------------------------------------------------------------------------------------------
  // What the person does

  async sendText(chatId: number, text: string): Promise<PersonMessage> {
    if (text.trim() === '') throw new PlaygroundError('the message is empty');
    if (text.length > MAX_TEXT) throw new PlaygroundError(`a message holds at most ${MAX_TEXT} characters`);
    return this.#sendAsPerson(chatId, { text });
  }

  /** A photo (Telegram's smallest JPEG), with an optional caption. */
  async sendPhoto(chatId: number, caption?: string): Promise<PersonMessage> {
    const text = caption?.trim() ? caption : undefined;
    return this.#sendAsPerson(chatId, { photo: true, ...(text ? { text } : {}) });
  }

  /** A tap on an inline button: a callback_query update about that bot message. */
  async tap(
    chatId: number,
    messageId: number,
    callbackData: string,
  ): Promise<{ status: number | undefined }> {
    const person = this.person(chatId);
    const target = this.botMessages(chatId).find((m) => m.message_id === messageId);
    if (!target) throw new PlaygroundError('that message is no longer in the chat');
    const { status } = await this.telegram.sendFromPerson({
      chatId,
      callbackData,
      callbackMessageId: messageId,
      languageCode: person.languageCode,
      firstName: person.firstName,
    });
    this.#bump();
    return { status };
  }

  async #sendAsPerson(chatId: number, input: { text?: string; photo?: boolean }): Promise<PersonMessage> {
    const person = this.person(chatId);
    const { update, status } = await this.telegram.sendFromPerson({
      chatId,
      ...input,
      languageCode: person.languageCode,
      firstName: person.firstName,
    });
    const message = 'message' in update ? update.message : undefined;
    const sent: PersonMessage = {
      messageId: message?.message_id ?? 0,
      date: message?.date ?? Math.floor(Date.now() / 1000),
      ...(input.text !== undefined ? { text: input.text } : {}),
      ...(input.photo ? { photo: true } : {}),
      status,
    };
    if (!this.#deleted.has(`${chatId}:${sent.messageId}`)) person.messages.push(sent);
    this.#bump();
    return sent;
  }

  // -------------------------------------------------------------------------------------------------------
  // What the caseworker does

  /**
   * A caseworker's message in a case thread: stored in the fake Slack and sent to Haven as a signed event.
   * `toPerson` (the default) starts it with a mention of Haven, as a caseworker types "@Haven …" in Slack
   * for a message that should reach the person; without it, the words are sent exactly as typed, and
   * Haven's reply mode decides (in its default mode they stay in Slack as an internal note).
   */
  async replyInThread(
    channel: string,
    threadTs: string,
    text: string,
    options: { toPerson?: boolean } = {},
  ): Promise<{ status: number }> {
    if (text.trim() === '') throw new PlaygroundError('the reply is empty');
    const parent = this.channelMessages(channel).find((m) => m.ts === threadTs && !m.deleted);
    if (!parent) throw new PlaygroundError('that thread is not in the inbox');
    // Haven posted the parent, so its author is Haven's own user: the id a mention of Haven names.
    const haven = parent.bot_id ? parent.user : undefined;
    const words = options.toPerson !== false && haven ? `<@${haven}> ${text}` : text;
    const { status } = await this.slack.postAsUser({ channel, threadTs, text: words, user: CASEWORKER });
    return { status };
  }

  /** Display names for the user ids in the inbox: Haven's own, and the playground's caseworker. */
  userNames(): Record<string, string> {
    const names: Record<string, string> = { [CASEWORKER]: 'Caseworker' };
    for (const channel of this.channels()) {
      const fromHaven = this.channelMessages(channel).find((m) => m.bot_id && m.user);
      if (fromHaven?.user) names[fromHaven.user] = 'Haven';
    }
    return names;
  }

  /** A caseworker clicking a button on a case card: a signed block_actions interaction. */
  async pressButton(input: Omit<ButtonPressInput, 'user'>): Promise<{ status: number }> {
    return staleAs('that button is no longer on the card', () =>
      this.slack.pressButton({ ...input, user: CASEWORKER }),
    );
  }

  /** A caseworker choosing an option of a card's "⋯" menu (prepared information, and the like). */
  async chooseOption(input: { channel: string; messageTs: string; actionId: string; value: string }) {
    return staleAs('that menu is no longer on the card', () =>
      this.slack.chooseOverflowOption({ ...input, user: CASEWORKER }),
    );
  }

  /** The dialogs (Slack modals) Haven opened for the caseworker that are still open, oldest first. */
  dialogs(): Array<Record<string, unknown>> {
    return this.slack.openModals();
  }

  /** The caseworker submitting a dialog with what they entered (block_id → action_id → element state). */
  async submitDialog(viewId: string, values: Record<string, Record<string, unknown>>) {
    return this.#inDialog(viewId, () => this.slack.submitView({ viewId, values, user: CASEWORKER }));
  }

  /** A button inside a dialog (the reply preview's "Edit"). */
  async pressDialogButton(viewId: string, actionId: string) {
    return this.#inDialog(viewId, () => this.slack.pressViewButton({ viewId, actionId, user: CASEWORKER }));
  }

  /** The caseworker closing a dialog without submitting it: nothing is sent. */
  async closeDialog(viewId: string): Promise<void> {
    await this.#inDialog(viewId, () => this.slack.closeView({ viewId, user: CASEWORKER }));
  }

  /** Runs `act` on a dialog that is open; a closed one (a second click, a stale page) is the page's error. */
  async #inDialog<T>(viewId: string, act: () => Promise<T>): Promise<T> {
    const gone = 'that dialog is no longer open';
    if (!this.dialogs().some((view) => view.id === viewId)) throw new PlaygroundError(gone);
    return staleAs(gone, act);
  }

  // -------------------------------------------------------------------------------------------------------
  // Scenarios

  /** Starts a scenario in the background (stopping one that is running); its progress is `run`. */
  playScenario(scenarioId: string, options: { stepDelayMs: number; botTimeoutMs?: number }): RunStatus {
    const scenario = this.scenarios.find((s) => s.id === scenarioId);
    if (!scenario) throw new PlaygroundError(`there is no scenario "${scenarioId}"`);
    this.stopScenario();
    const abort = new AbortController();
    const status: RunStatus = {
      scenarioId,
      title: scenario.title,
      step: 0,
      total: scenario.steps.length,
      state: 'running',
    };
    this.#run = { status, abort };
    this.#bump();
    runScenario(this, scenario, {
      stepDelayMs: options.stepDelayMs,
      ...(options.botTimeoutMs !== undefined ? { botTimeoutMs: options.botTimeoutMs } : {}),
      signal: abort.signal,
      onStep: (index, step) => {
        Object.assign(status, { step: index + 1, note: step.note });
        this.#bump();
      },
    }).then(
      () => this.#finishRun(status, { state: 'finished' }),
      (error: unknown) =>
        this.#finishRun(
          status,
          abort.signal.aborted
            ? { state: 'stopped' }
            : { state: 'failed', error: error instanceof Error ? error.message : String(error) },
        ),
    );
    return status;
  }

  stopScenario(): void {
    if (this.#run?.status.state === 'running') this.#run.abort.abort();
  }

  #finishRun(status: RunStatus, outcome: Pick<RunStatus, 'state' | 'error'>): void {
    if (this.#run?.status !== status) return; // a reset or a newer run replaced it
    Object.assign(status, outcome);
    this.#bump();
  }

  // -------------------------------------------------------------------------------------------------------
  // Reset

  /**
   * Wipes the sandbox: Haven's storage (through the reset option, when given), then everything the fakes
   * recorded, then the people. The fake Telegram forgets its webhook on reset, so it is set again as Haven
   * had set it; new people get chat ids Haven has never seen.
   */
  async reset(): Promise<void> {
    this.stopScenario();
    this.#run = undefined;
    await this.#options.reset?.();
    const webhook = await this.#webhookSettings();
    this.telegram.reset();
    this.slack.reset();
    if (webhook) await this.#botApi('setWebhook', webhook);
    this.#people.clear();
    this.#peopleCreated = 0;
    this.#revisions.clear();
    this.#deleted.clear();
    this.#channels = new Set([this.inboxChannel]);
    this.newPerson();
  }

  async #webhookSettings(): Promise<Record<string, unknown> | undefined> {
    const webhook = this.telegram.webhook;
    if (!webhook) return undefined;
    const info = (await this.#botApi('getWebhookInfo', {})) as { allowed_updates?: string[] };
    return {
      url: webhook.url,
      ...(webhook.secretToken !== undefined ? { secret_token: webhook.secretToken } : {}),
      ...(info.allowed_updates ? { allowed_updates: info.allowed_updates } : {}),
    };
  }

  /** A Bot API call to the fake itself, in process. */
  async #botApi(method: string, payload: Record<string, unknown>): Promise<unknown> {
    const response = await this.telegram.app.request(`/bot${this.#options.telegramToken}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    const body = (await response.json()) as { ok: boolean; result?: unknown; description?: string };
    if (!body.ok) throw new Error(`fake Telegram refused ${method}: ${body.description ?? response.status}`);
    return body.result;
  }

  // -------------------------------------------------------------------------------------------------------
  // Change tracking

  /** Resolves at the next change, or after `timeoutMs`, or when `signal` aborts. */
  nextChange(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      this.#waiters.add(done);
    });
  }

  /** Stops observing the fakes (tests that build several playgrounds on one pair of fakes). */
  close(): void {
    this.stopScenario();
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
  }

  #onTelegramChange(change: TelegramChatChange): void {
    let revisions = this.#revisions.get(change.chatId);
    if (!revisions) {
      revisions = new Map();
      this.#revisions.set(change.chatId, revisions);
    }
    const revision = ++this.#revision;
    revisions.set(change.messageId, {
      sent: revisions.get(change.messageId)?.sent ?? revision,
      changed: revision,
    });
    const person = this.#people.get(change.chatId);
    if (person && change.kind === 'deleted') {
      this.#deleted.add(`${change.chatId}:${change.messageId}`);
      person.messages = person.messages.filter((m) => m.messageId !== change.messageId);
    }
    this.#bump();
  }

  #bump(): void {
    this.#version += 1;
    for (const wake of [...this.#waiters]) wake();
  }
}

/** The Slack user the playground's caseworker posts as. */
export const CASEWORKER = 'U0CASEWORKER';

function requireLanguage(code: string): void {
  if (!LANGUAGE_CODES.has(code)) throw new PlaygroundError(`"${code}" is not one of Haven's languages`);
}

/**
 * Runs a caseworker's action on the fake Slack. The fake refuses a message, button, menu or dialog that is
 * not there; to the page that is a stale click, said as `message`.
 */
async function staleAs<T>(message: string, act: () => Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('FakeSlack.')) throw new PlaygroundError(message);
    throw error;
  }
}
