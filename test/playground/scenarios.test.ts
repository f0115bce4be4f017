import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SANDBOX } from '../../src/config.js';
import type { RunningHaven } from '../../src/runtime/node/start.js';
import {
  Playground,
  playgroundRoutes,
  runScenario,
  SCENARIOS,
  type Scenario,
} from '../../src/sandbox/playground/index.js';
import { callbackButtons } from '../../src/sandbox/playground/scenario-runner.js';
import { eventually } from '../support/stack.js';
import { startSandboxHaven } from './support.js';

describe('scenarios on a sandbox Haven', () => {
  let haven: RunningHaven;
  let stop: () => Promise<void>;
  let playground: Playground;

  beforeAll(async () => {
    ({ haven, stop } = await startSandboxHaven());
  });
  afterAll(async () => {
    await stop();
  });
  afterEach(() => {
    playground?.close();
  });

  /** A second playground on the sandbox's own fakes, so the test can give it scenarios and hooks. */
  function playgroundOnSandbox(extra: { reset?: () => Promise<void>; scenarios?: Scenario[] } = {}) {
    playground = new Playground({
      telegram: haven.sandbox!.telegram,
      slack: haven.sandbox!.slack,
      inboxChannel: SANDBOX.inboxChannel,
      telegramToken: SANDBOX.telegramToken,
      ...extra,
    });
    return playground;
  }

  const answeredCallbacks = () =>
    haven.sandbox!.telegram.calls.filter((c) => c.method === 'answerCallbackQuery' && c.ok).length;

  const scenario = (steps: Scenario['steps']): Scenario => ({
    id: 'test',
    title: 'test',
    summary: 'test',
    person: { firstName: 'Tester', languageCode: 'en' },
    steps,
  });

  it('plays text steps and a caseworker reply through Telegram, Haven and Slack', async () => {
    const pg = playgroundOnSandbox();
    const { chatId } = await runScenario(
      pg,
      scenario([
        { kind: 'say', text: 'I work in a car wash and they keep my pay' },
        { kind: 'wait-for-bot' },
        { kind: 'caseworker', text: 'Thank you for telling us. Can we call you?' },
        { kind: 'wait-for-bot' },
      ]),
      { stepDelayMs: 0 },
    );
    // Telegram allows about one message a second per chat, so the reply may still be queued behind
    // Haven's own messages when the last step ends.
    await until(() =>
      haven
        .sandbox!.telegram.sentTo(chatId)
        .some((m) => m.text === 'Thank you for telling us. Can we call you?'),
    );
    const [thread] = pg.threadsOf(chatId);
    const replies = haven.sandbox!.slack.thread(SANDBOX.inboxChannel, thread!.ts);
    expect(replies.some((m) => m.user === 'U0CASEWORKER' && m.text.includes('Can we call you?'))).toBe(true);
  });

  it('taps a button by its index in the newest message with buttons', async () => {
    const pg = playgroundOnSandbox();
    const answeredBefore = answeredCallbacks();
    const { chatId } = await runScenario(
      pg,
      scenario([{ kind: 'say', text: 'hello' }, { kind: 'tap', index: 0 }, { kind: 'wait-for-bot' }]),
      { stepDelayMs: 0, botTimeoutMs: 5_000 },
    );
    // Haven got the tap as a callback query (and answered it), then sent something new after the buttons.
    expect(answeredCallbacks()).toBe(answeredBefore + 1);
    const messages = pg.botMessages(chatId);
    const withButtons = messages.find((m) => callbackButtons(m).length > 0);
    expect(messages.some((m) => m.sentRevision > withButtons!.sentRevision)).toBe(true);
  });

  it('fails a tap step with a clear message when the button never comes', async () => {
    const pg = playgroundOnSandbox();
    const started = Date.now();
    await expect(
      runScenario(
        pg,
        scenario([
          { kind: 'say', text: 'hello again' },
          { kind: 'tap', choice: 'no_such_choice' },
        ]),
        { stepDelayMs: 0, botTimeoutMs: 1_500 },
      ),
    ).rejects.toThrow(
      /^step 2 of 2 \(the person taps the "no_such_choice" button\): no message from Haven with the "no_such_choice" button arrived within 1\.5 s\. Haven's last message: ".+"/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.each(SCENARIOS.map((s) => [s.id, s] as const))(
    'plays the bundled scenario %s to the end',
    async (_, bundled) => {
      const pg = playgroundOnSandbox();
      // Deliveries are paced to the platforms' limits (one Slack post a second per channel): allow for it.
      const { chatId } = await runScenario(pg, bundled, { stepDelayMs: 0, botTimeoutMs: 15_000 });
      // Replies to the person reach the phone; internal notes stay in Slack.
      const received = () => haven.sandbox!.telegram.sentTo(chatId).map((m) => m.text);
      for (const step of bundled.steps) {
        if (step.kind !== 'caseworker' || step.internal) continue;
        await until(() => received().includes(step.text));
      }
      for (const step of bundled.steps) {
        if (step.kind === 'caseworker' && step.internal) expect(received()).not.toContain(step.text);
      }
    },
    60_000,
  );

  it('shows a scenario playing in the background, and stops it', async () => {
    const pg = playgroundOnSandbox({
      scenarios: [
        scenario([
          { kind: 'say', text: 'first' },
          { kind: 'say', text: 'second', note: 'the second message' },
          { kind: 'say', text: 'third' },
        ]),
      ],
    });
    pg.playScenario('test', { stepDelayMs: 300 });
    await eventually(() => pg.run?.step === 2);
    expect(pg.run).toMatchObject({ state: 'running', total: 3, note: 'the second message' });
    pg.stopScenario();
    await eventually(() => pg.run?.state === 'stopped');
    expect(pg.person().messages.map((m) => m.text)).toEqual(['first', 'second']);
  });

  it('calls the reset hook when the page resets the sandbox', async () => {
    const wipe = vi.fn(async () => {});
    const routes = playgroundRoutes(playgroundOnSandbox({ reset: wipe }));
    const response = await routes.request('/playground/api/reset', { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(wipe).toHaveBeenCalledTimes(1);
  });
});

/** Waits for `check` to hold (the outbox paces deliveries to the platforms' limits), failing after 15 s. */
async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
