import { repeatQuestion, tappedLabel } from '../../flows/index.js';
import type { MessageContent, PersonAction, StoredAnswer } from '../model.js';
import { describeMoment, isOpen, nextOpening, parseOfficeHours } from '../office-hours.js';
import { answeringCentre } from '../routing.js';
import type { DialogueContext } from './context.js';
import { matchesEmergencyWords } from './emergency-words.js';
import { runFlowStep, say } from './flow-effects.js';
import {
  askToConfirmLanguage,
  decodeLanguageButton,
  isLanguageButton,
  LANGUAGE_PICKER_CHOICE,
  showLanguagePicker,
} from './language-prompt.js';
import {
  answerConsent,
  answerForget,
  askConsent,
  askToForget,
  awaitingConsent,
  describeMyData,
  isConsentButton,
  isForgetButton,
  isQuickExitButton,
  quickExit,
  releaseHeld,
  type SafetyInput,
  toggleSilentMode,
} from './person-safety.js';
import { summaryForInbox } from './summary.js';
import type { TurnBuilder } from './turn-builder.js';

/** The flow a new person starts in, and the ones commands open. */
export const WELCOME_FLOW = 'welcome';
export const INFORMATION_FLOW = 'information';
export const EMERGENCY_FLOW = 'emergency';

export interface PersonTurnInput extends SafetyInput {
  action: PersonAction;
  /** True for the first event of a conversation. */
  firstContact: boolean;
  earlierAnswers: () => Promise<StoredAnswer[]>;
}

/**
 * The rules of a person's turn. Whatever the person writes is stored and relayed to the caseworkers first;
 * the flows answer only while the conversation is the bot's, and never stand between a person and a human.
 */
export async function decidePersonTurn(
  turn: TurnBuilder,
  input: PersonTurnInput,
  context: DialogueContext,
): Promise<void> {
  const { action } = input;
  switch (action.type) {
    case 'message':
      return onMessage(turn, action.content, input, context);
    case 'button':
      return onButton(turn, action.data, input, context);
    case 'command':
      return onCommand(turn, action.command, action.args, input, context);
    case 'edit':
      return onEdit(turn, action.content, input, context);
    case 'flood':
      // A Haven message like any other: it goes through the outbox, appears in the thread, and goes
      // with the rest of the chat when the person uses the quick exit.
      say(turn, { type: 'say', key: 'common:slowDown' }, context);
      return;
  }
}

/**
 * The person changed an earlier message: the team sees the new words as an edit. It answers no flow
 * question (the flow has moved on), but words of danger added in an edit count like any others.
 */
async function onEdit(
  turn: TurnBuilder,
  content: MessageContent,
  input: PersonTurnInput,
  context: DialogueContext,
): Promise<void> {
  if (content.body.trim() === '') return;
  turn.fromPerson({ kind: 'edit', body: content.body }, { held: awaitingConsent(turn, context) });
  if (turn.conversation.silenced) turn.set({ silenced: false });
  if (!turn.conversation.urgent && matchesEmergencyWords(content.body, turn.conversation.language, context)) {
    return emergency(turn, input, context);
  }
}

async function onMessage(
  turn: TurnBuilder,
  content: MessageContent,
  input: PersonTurnInput,
  context: DialogueContext,
): Promise<void> {
  // The first message always reaches the team; later ones wait for consent to the privacy notice.
  const holding = awaitingConsent(turn, context) && !input.firstContact;
  turn.fromPerson(content, { channelMessageId: input.channelMessageId, held: holding });
  // Writing again ends a silence the person asked for ("not safe to chat now").
  if (turn.conversation.silenced) turn.set({ silenced: false });
  const text = content.kind === 'text' ? content.body : '';

  if (input.firstContact && !turn.conversation.languageConfirmed) {
    const detected = text ? context.detectLanguage?.(text) : undefined;
    // Only a confident guess changes the language offered; the person confirms it with one tap anyway.
    if (detected?.confidence === 'high' && context.languages.includes(detected.language)) {
      turn.set({ language: detected.language });
    }
  }
  if (text && !turn.conversation.urgent && matchesEmergencyWords(text, turn.conversation.language, context)) {
    return emergency(turn, input, context);
  }
  tellIfOutOfOffice(turn, context);
  if (turn.conversation.mode !== 'bot') return;
  if (input.firstContact) return greet(turn, input, context);
  if (holding) {
    // Asked again after a "no"; otherwise reassured once that the words are safe and waiting.
    if (turn.conversation.consent === 'declined') return askConsent(turn, context);
    const heldBefore = (await input.earlierMessages()).some((message) => message.held);
    if (!heldBefore) say(turn, { type: 'say', key: 'common:consent.held' }, context);
    return;
  }
  if (turn.conversation.flow && text) {
    await runFlowStep(turn, { type: 'text', text }, context, input.earlierAnswers);
  }
}

/** Told again after this long, so a night of messages gets one answer, not one each. */
const OFF_HOURS_NOTICE_EVERY_MS = 12 * 60 * 60 * 1000;

/**
 * Outside the answering centre's office hours, the person is told (once a night) when to expect an
 * answer, and the emergency number. Only for centres that configured their hours.
 */
function tellIfOutOfOffice(turn: TurnBuilder, context: DialogueContext): void {
  const { routing } = context;
  const centre = answeringCentre(turn.conversation.facts, routing);
  if (!centre?.officeHours) return;
  const timeZone = routing.timeZone ?? 'Europe/Brussels';
  const hours = parseOfficeHours(centre.officeHours, timeZone);
  if (isOpen(hours, turn.now)) return;
  const last = turn.conversation.offHoursNoticeAt;
  if (last !== null && turn.now - last < OFF_HOURS_NOTICE_EVERY_MS) return;
  const opening = nextOpening(hours, turn.now);
  if (opening === undefined) return;
  turn.set({ offHoursNoticeAt: turn.now });
  const when = describeMoment(opening, turn.conversation.language, timeZone);
  say(turn, { type: 'say', key: 'common:offHours', values: { when } }, context);
}

/**
 * Someone may be in danger: the emergency numbers at once, the team alerted, and anything held for consent
 * relayed now (a vital interest outweighs waiting for a tap).
 */
async function emergency(turn: TurnBuilder, input: PersonTurnInput, context: DialogueContext): Promise<void> {
  if (awaitingConsent(turn, context)) {
    await releaseHeld(turn, input);
    turn.noteForInbox(context.texts.t(context.inboxLanguage, 'inbox:notice.consentOverridden'));
  }
  await runFlowStep(turn, { type: 'start', flowId: EMERGENCY_FLOW }, context, input.earlierAnswers);
}

/**
 * A new person: confirm the language in one tap when it was a guess, then the privacy notice, then the
 * welcome flow.
 */
async function greet(turn: TurnBuilder, input: PersonTurnInput, context: DialogueContext): Promise<void> {
  if (!turn.conversation.languageConfirmed) return askToConfirmLanguage(turn, context);
  if (awaitingConsent(turn, context)) return askConsent(turn, context);
  await runFlowStep(turn, { type: 'start', flowId: WELCOME_FLOW }, context, input.earlierAnswers);
}

async function onButton(
  turn: TurnBuilder,
  data: string,
  input: PersonTurnInput,
  context: DialogueContext,
): Promise<void> {
  const { texts } = context;
  if (isLanguageButton(data)) return onLanguageButton(turn, data, input, context);
  if (isQuickExitButton(data)) return quickExit(turn, input, context);
  if (isForgetButton(data)) return answerForget(turn, data, context);
  if (isConsentButton(data)) {
    const answer = await answerConsent(turn, data, input, context);
    if (answer === 'agreed' && turn.conversation.mode === 'bot' && !turn.conversation.flow) {
      await runFlowStep(turn, { type: 'start', flowId: WELCOME_FLOW }, context, input.earlierAnswers);
    }
    return;
  }
  if (turn.conversation.mode !== 'bot') {
    turn.notice = texts.t(turn.conversation.language, 'common:withPerson');
    return;
  }
  const state = turn.conversation.flow ?? undefined;
  const labelKey = tappedLabel(context.flows, state, data);
  if (labelKey === undefined) {
    turn.notice = texts.t(turn.conversation.language, 'common:stale');
    return;
  }
  turn.fromPerson(
    { kind: 'button', body: texts.t(turn.conversation.language, labelKey) },
    { inboxText: texts.t(context.inboxLanguage, labelKey) },
  );
  if (turn.conversation.silenced) turn.set({ silenced: false });
  await runFlowStep(turn, { type: 'button', data }, context, input.earlierAnswers);
}

async function onLanguageButton(
  turn: TurnBuilder,
  data: string,
  input: PersonTurnInput,
  context: DialogueContext,
): Promise<void> {
  const decoded = decodeLanguageButton(data);
  const { conversation } = turn;
  if (!decoded || decoded.nonce !== conversation.promptNonce) {
    turn.notice = context.texts.t(conversation.language, 'common:stale');
    return;
  }
  if (decoded.choice === LANGUAGE_PICKER_CHOICE) return showLanguagePicker(turn, context);
  if (!context.languages.includes(decoded.choice)) return;

  const firstChoice = !conversation.languageConfirmed;
  turn.set({ language: decoded.choice, languageConfirmed: true, promptNonce: null });
  turn.noteForInbox(
    context.texts.t(context.inboxLanguage, 'inbox:notice.languageSet', { language: decoded.choice }),
  );
  if (firstChoice && conversation.mode === 'bot' && !conversation.flow) return greet(turn, input, context);
  say(
    turn,
    { type: 'say', key: 'common:language.changed', values: { language: context.nativeName(decoded.choice) } },
    context,
  );
  if (conversation.mode === 'bot') repeatCurrentQuestion(turn, context);
}

/** After a language switch, the question the person is at, again, in the new language. */
function repeatCurrentQuestion(turn: TurnBuilder, context: DialogueContext): void {
  const result = repeatQuestion(context.flows, turn.conversation.flow ?? undefined, { nonce: context.nonce });
  if (result.state === undefined) return;
  turn.set({ flow: result.state });
  for (const effect of result.effects) if (effect.type === 'say') say(turn, effect, context);
}

async function onCommand(
  turn: TurnBuilder,
  command: string,
  args: string,
  input: PersonTurnInput,
  context: DialogueContext,
): Promise<void> {
  const run = (flowId: string) =>
    runFlowStep(turn, { type: 'start', flowId }, context, input.earlierAnswers).then(() => undefined);
  switch (command) {
    case 'start':
      turn.fromPerson({ kind: 'command', body: '/start' }, { channelMessageId: input.channelMessageId });
      turn.set({ mode: 'bot', silenced: false });
      return greet(turn, input, context);
    case 'help':
      turn.fromPerson({ kind: 'command', body: '/help' }, { channelMessageId: input.channelMessageId });
      turn.set({ mode: 'bot', silenced: false });
      return run(INFORMATION_FLOW);
    case 'human':
      turn.fromPerson({ kind: 'command', body: '/human' }, { channelMessageId: input.channelMessageId });
      return handOverNow(turn, input, context);
    case 'language':
      turn.fromPerson({ kind: 'command', body: '/language' }, { channelMessageId: input.channelMessageId });
      return showLanguagePicker(turn, context);
    // Safety commands are not relayed as messages: each leaves its own line for the team.
    case 'exit':
      return quickExit(turn, input, context);
    case 'silent':
      return toggleSilentMode(turn, context);
    case 'forget':
      return askToForget(turn, context);
    case 'mydata':
      return describeMyData(turn, input, context);
    case 'resume':
      // With a code, /resume never reaches here (the relay reattaches the case); without one, it asks
      // for a code to carry this case to another account, once the person has agreed to the notice.
      if (awaitingConsent(turn, context)) return askConsent(turn, context);
      turn.resumeCodeRequested = true;
      return;
    default: {
      // Not a command Haven knows: the person's words, relayed like any message.
      const body = args ? `/${command} ${args}` : `/${command}`;
      return onMessage(turn, { kind: 'text', body }, input, context);
    }
  }
}

/** `/human`: the running flow stops (its answers summarised) and the conversation waits for a caseworker. */
async function handOverNow(
  turn: TurnBuilder,
  input: PersonTurnInput,
  context: DialogueContext,
): Promise<void> {
  const { texts, inboxLanguage } = context;
  const running = turn.conversation.flow;
  if (running && context.flows.has(running.flowId)) {
    const answers = [...(await input.earlierAnswers()), ...turn.answers].filter(
      (answer) => answer.flowId === running.flowId,
    );
    if (answers.length > 0) {
      turn.noteForInbox(summaryForInbox(running.flowId, answers, turn.conversation, context), 'summary');
    }
  }
  turn.set({ flow: null, mode: 'human', silenced: false });
  say(turn, { type: 'say', key: 'welcome:talk.text' }, context);
  turn.noteForInbox(texts.t(inboxLanguage, 'inbox:notice.handover.requested'));
}
