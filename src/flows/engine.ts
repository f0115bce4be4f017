import {
  decodeButton,
  encodeButton,
  NONCE_PATTERN,
  SKIP_CHOICE,
  SKIP_LABEL,
  STOP_CHOICE,
  STOP_LABEL,
} from './buttons.js';
import type {
  FlowDefinition,
  HandoverReason,
  QuestionNode,
  QuestionOption,
  SetField,
  UrgentReason,
  WaitingNode,
} from './definition.js';
import type { FlowRegistry } from './load.js';

/**
 * The flow interpreter. It does no I/O: given where a person is in a flow and what they did, it returns
 * where they are now and the effects the host carries out (send a text, record an answer, alert the team).
 */

export interface FlowState {
  flowId: string;
  nodeId: string;
  /** Random per shown question; buttons carry it so stale taps are detected. */
  nonce: string;
}

export type FlowInput =
  | { type: 'start'; flowId: string }
  | { type: 'text'; text: string }
  /** Raw callback data as received. */
  | { type: 'button'; data: string };

export interface FlowButton {
  labelKey: string;
  data: string;
}

export type FlowEffect =
  | {
      type: 'say';
      /** "namespace:key" */
      key: string;
      /**
       * Interpolation values from the flow. The host adds the values of FLOW_VARIABLES (phone numbers,
       * e-mail) from its configuration to every say.
       */
      values?: Record<string, string | number>;
      /** Rows of buttons. */
      buttons?: FlowButton[][];
    }
  | {
      type: 'record';
      flowId: string;
      nodeId: string;
      questionKey: string;
      /** Present when the answer points to the question's indicator. */
      indicator?: string;
      /** Option id, 'skipped', or 'free_text'. */
      answer: string;
      /** Label key of the chosen option. */
      answerKey?: string;
      freeText?: string;
      forms?: string[];
    }
  | { type: 'set'; field: SetField; value: string }
  | { type: 'urgent'; reason: UrgentReason }
  | { type: 'handover'; reason: HandoverReason }
  /** Not safe to chat: the host sends nothing more until the person writes again. */
  | { type: 'silence' }
  /** The flow finished (or stopped): the host posts a triage summary. */
  | { type: 'summary'; flowId: string }
  /** A button from an old message was tapped: the host answers politely, nothing else. */
  | { type: 'stale' };

export type RecordEffect = Extract<FlowEffect, { type: 'record' }>;
export type SayEffect = Extract<FlowEffect, { type: 'say' }>;

export interface StepResult {
  /** Undefined: no flow is running. */
  state: FlowState | undefined;
  effects: FlowEffect[];
}

export interface StepOptions {
  /** A fresh nonce of 4 to 8 characters of [a-z0-9] (see `randomNonce`). */
  nonce: () => string;
}

/** Nodes that run without waiting, per step; more means a loop the validator should have refused. */
const MAX_AUTOMATIC_NODES = 100;

/**
 * One step of a conversation. `start` begins a flow (replacing a running one, whose summary is kept);
 * `text` answers the current question in the person's own words, or is ignored when no flow runs (the host
 * relays it); `button` is a tap, answered with a lone `stale` effect when it is not a button of the current
 * question. Throws only on a host error: an unknown flow id in `start`, or a malformed nonce.
 */
export function step(
  registry: FlowRegistry,
  state: FlowState | undefined,
  input: FlowInput,
  options: StepOptions,
): StepResult {
  switch (input.type) {
    case 'start': {
      const out = new Effects();
      // A flow that was interrupted still gets its summary, so no answer is lost.
      if (state !== undefined && registry.has(state.flowId) && recordsAnswers(registry.get(state.flowId))) {
        out.push({ type: 'summary', flowId: state.flowId });
      }
      return enterFlow(registry, registry.get(input.flowId), out, options);
    }
    case 'text':
      return onText(registry, state, input.text, options);
    case 'button':
      return onButton(registry, state, input.data, options);
  }
}

function onText(
  registry: FlowRegistry,
  state: FlowState | undefined,
  text: string,
  options: StepOptions,
): StepResult {
  const current = waitingNode(registry, state);
  // No flow running (or one that no longer exists): the host relays the text to the team.
  if (current === undefined) return { state: undefined, effects: [] };
  const words = text.trim();
  if (words === '') return { state, effects: [] };
  const { flow, node, nodeId } = current;
  const out = new Effects();
  if (node.type === 'menu') return run(registry, flow, node.freeText, out, options);
  out.push({
    type: 'record',
    flowId: flow.id,
    nodeId,
    questionKey: node.text,
    answer: 'free_text',
    freeText: words,
  });
  return run(registry, flow, (node.freeText ?? node.next)!, out, options);
}

function onButton(
  registry: FlowRegistry,
  state: FlowState | undefined,
  data: string,
  options: StepOptions,
): StepResult {
  const stale: StepResult = { state, effects: [{ type: 'stale' }] };
  const decoded = decodeButton(data);
  const current = waitingNode(registry, state);
  if (current === undefined) return { state: undefined, effects: [{ type: 'stale' }] };
  if (decoded === undefined || decoded.nonce !== state!.nonce) return stale;
  const { flow, node, nodeId } = current;
  const out = new Effects();

  if (node.type === 'menu') {
    const option = node.options.find((candidate) => candidate.id === decoded.choice);
    if (option === undefined) return stale;
    return run(registry, flow, option.next, out, options);
  }

  if (decoded.choice === SKIP_CHOICE) {
    out.push({ type: 'record', flowId: flow.id, nodeId, questionKey: node.text, answer: 'skipped' });
    return run(registry, flow, node.skip!, out, options);
  }
  if (decoded.choice === STOP_CHOICE) {
    if (flow.stop === undefined) return stale;
    return run(registry, flow, flow.stop, out, options);
  }
  const option = node.options.find((candidate) => candidate.id === decoded.choice);
  if (option === undefined) return stale;
  out.push(recordOption(flow, nodeId, node, option));
  if (node.sets !== undefined) out.push({ type: 'set', field: node.sets, value: option.id });
  if (option.urgent !== undefined) out.push({ type: 'urgent', reason: option.urgent });
  return run(registry, flow, (option.next ?? node.next)!, out, options);
}

function recordOption(
  flow: FlowDefinition,
  nodeId: string,
  node: QuestionNode,
  option: QuestionOption,
): FlowEffect {
  return {
    type: 'record',
    flowId: flow.id,
    nodeId,
    questionKey: node.text,
    ...(option.indicates && node.indicator !== undefined ? { indicator: node.indicator } : {}),
    answer: option.id,
    answerKey: option.label,
    ...(option.forms !== undefined && option.forms.length > 0 ? { forms: [...option.forms] } : {}),
  };
}

function enterFlow(
  registry: FlowRegistry,
  flow: FlowDefinition,
  out: Effects,
  options: StepOptions,
): StepResult {
  if (flow.role !== undefined) out.push({ type: 'set', field: 'role', value: flow.role });
  return run(registry, flow, flow.start, out, options);
}

/** Runs nodes from `nodeId` until one waits for the person or the flow ends. */
function run(
  registry: FlowRegistry,
  startFlow: FlowDefinition,
  startNode: string,
  out: Effects,
  options: StepOptions,
): StepResult {
  let flow = startFlow;
  let nodeId = startNode;
  for (let count = 0; count < MAX_AUTOMATIC_NODES; count++) {
    const node = flow.nodes[nodeId];
    if (node === undefined) throw new Error(`Flow "${flow.id}" has no node "${nodeId}"`);
    switch (node.type) {
      case 'question':
      case 'menu': {
        const nonce = options.nonce();
        if (!NONCE_PATTERN.test(nonce)) {
          throw new Error(`A flow nonce must be 4 to 8 characters of [a-z0-9], got "${nonce}"`);
        }
        out.push({ type: 'say', key: node.text, buttons: buttonsOf(flow, node, nonce) });
        return { state: { flowId: flow.id, nodeId, nonce }, effects: out.effects };
      }
      case 'message':
        if (node.urgent !== undefined) out.push({ type: 'urgent', reason: node.urgent });
        out.push({ type: 'say', key: node.text });
        nodeId = node.next;
        break;
      case 'end':
        if (node.urgent !== undefined) out.push({ type: 'urgent', reason: node.urgent });
        if (node.text !== undefined) out.push({ type: 'say', key: node.text });
        if (node.silence) out.push({ type: 'silence' });
        if (node.summary) out.push({ type: 'summary', flowId: flow.id });
        if (node.handover !== undefined) out.push({ type: 'handover', reason: node.handover });
        return { state: undefined, effects: out.effects };
      case 'flow':
        if (node.summary) out.push({ type: 'summary', flowId: flow.id });
        flow = registry.get(node.flow);
        if (flow.role !== undefined) out.push({ type: 'set', field: 'role', value: flow.role });
        nodeId = flow.start;
        break;
    }
  }
  throw new Error(
    `Flow "${startFlow.id}" ran ${MAX_AUTOMATIC_NODES} nodes from "${startNode}" without waiting`,
  );
}

function buttonsOf(flow: FlowDefinition, node: WaitingNode, nonce: string): FlowButton[][] {
  const choices = node.options.map((option) => ({
    labelKey: option.label,
    data: encodeButton(nonce, option.id),
  }));
  const width = node.columns ?? (node.type === 'menu' ? 1 : choices.length <= 3 ? 3 : 2);
  const rows: FlowButton[][] = [];
  for (let index = 0; index < choices.length; index += width) rows.push(choices.slice(index, index + width));
  if (node.type === 'question') {
    const last = [{ labelKey: SKIP_LABEL, data: encodeButton(nonce, SKIP_CHOICE) }];
    if (flow.stop !== undefined) last.push({ labelKey: STOP_LABEL, data: encodeButton(nonce, STOP_CHOICE) });
    rows.push(last);
  }
  return rows;
}

function waitingNode(
  registry: FlowRegistry,
  state: FlowState | undefined,
): { flow: FlowDefinition; node: WaitingNode; nodeId: string } | undefined {
  if (state === undefined || !registry.has(state.flowId)) return undefined;
  const flow = registry.get(state.flowId);
  const node = flow.nodes[state.nodeId];
  if (node === undefined || (node.type !== 'question' && node.type !== 'menu')) return undefined;
  return { flow, node, nodeId: state.nodeId };
}

function recordsAnswers(flow: FlowDefinition): boolean {
  return Object.values(flow.nodes).some((node) => node.type === 'question');
}

/** The effects of one step. Caseworkers are alerted once per step, with the first (most specific) reason. */
class Effects {
  readonly effects: FlowEffect[] = [];

  push(effect: FlowEffect): void {
    if (effect.type === 'urgent' && this.effects.some((earlier) => earlier.type === 'urgent')) return;
    this.effects.push(effect);
  }
}

/** Shows the current question again with a fresh nonce (after a language switch); no effect when none waits. */
export function repeatQuestion(
  registry: FlowRegistry,
  state: FlowState | undefined,
  options: StepOptions,
): StepResult {
  const current = waitingNode(registry, state);
  if (current === undefined) return { state: undefined, effects: [] };
  return run(registry, current.flow, current.nodeId, new Effects(), options);
}

/**
 * The label key of the button `data` stands for, if it is a live button of the current question: what the
 * person tapped, so the inbox can show it in the caseworkers' language.
 */
export function tappedLabel(
  registry: FlowRegistry,
  state: FlowState | undefined,
  data: string,
): string | undefined {
  const decoded = decodeButton(data);
  const current = waitingNode(registry, state);
  if (decoded === undefined || current === undefined || decoded.nonce !== state?.nonce) return undefined;
  if (decoded.choice === SKIP_CHOICE) return SKIP_LABEL;
  if (decoded.choice === STOP_CHOICE) return STOP_LABEL;
  return current.node.options.find((option) => option.id === decoded.choice)?.label;
}
