/**
 * A demo scenario: a simulated person and the steps that play out, one after the other, through the real
 * Telegram and Slack paths. Steps are data so trainers can add scenarios without touching the runner.
 */

interface StepBase {
  /** Shown on the page while the step plays: what a trainee should notice. */
  note?: string;
}

/** The person sends a text message. */
export interface SayStep extends StepBase {
  kind: 'say';
  text: string;
}

/** The person sends a photo, optionally with a caption. */
export interface PhotoStep extends StepBase {
  kind: 'photo';
  caption?: string;
}

/**
 * The person taps a button under a message from Haven. `choice` is the option id a flow button carries in
 * its callback data (`f1:<nonce>:<choice>`), which survives changes to the wording; `index` counts the
 * buttons of the newest message with buttons, left to right and row by row, from 0. The step waits for
 * a message with that button that arrived after the previous step.
 */
export type TapStep = StepBase & { kind: 'tap' } & ({ choice: string } | { index: number });

/**
 * A caseworker writes in the person's case thread. By default the message starts with @Haven, which
 * sends it to the person; `internal` sends it as typed (start it with "note:" to keep it in Slack in every
 * reply mode).
 */
export interface CaseworkerStep extends StepBase {
  kind: 'caseworker';
  text: string;
  internal?: boolean;
}

/** Wait until Haven sends a new message in the chat after the previous step (an edit does not count). */
export interface WaitForBotStep extends StepBase {
  kind: 'wait-for-bot';
  timeoutMs?: number;
}

export type ScenarioStep = SayStep | PhotoStep | TapStep | CaseworkerStep | WaitForBotStep;

export interface Scenario {
  id: string;
  title: string;
  /** One or two sentences for the trainer: who the person is and what the scenario shows. */
  summary: string;
  person: { firstName: string; languageCode: string };
  steps: readonly ScenarioStep[];
}
