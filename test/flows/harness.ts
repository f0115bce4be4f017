import {
  type FlowEffect,
  type FlowInput,
  type FlowRegistry,
  type FlowState,
  loadBundledFlows,
  type RecordEffect,
  type SayEffect,
  step,
} from '../../src/flows/index.js';

/** The shipped flows, loaded once for every test file that uses them. */
export const registry: FlowRegistry = loadBundledFlows();

/** A scripted conversation: keeps the state between steps and hands out predictable nonces. */
export class Run {
  state: FlowState | undefined;
  /** Every effect of every step so far. */
  readonly log: FlowEffect[] = [];
  #count = 0;
  readonly options = { nonce: () => `n${(this.#count++).toString(36).padStart(5, '0')}` };

  constructor(readonly flows: FlowRegistry = registry) {}

  send(input: FlowInput): FlowEffect[] {
    const result = step(this.flows, this.state, input, this.options);
    this.state = result.state;
    this.log.push(...result.effects);
    return result.effects;
  }

  start(flowId: string): FlowEffect[] {
    return this.send({ type: 'start', flowId });
  }

  /** Taps the button with this choice on the current question (`_skip`, `_stop` or an option id). */
  tap(choice: string): FlowEffect[] {
    if (this.state === undefined) throw new Error(`no flow is running; cannot tap "${choice}"`);
    return this.send({ type: 'button', data: `f1:${this.state.nonce}:${choice}` });
  }

  write(text: string): FlowEffect[] {
    return this.send({ type: 'text', text });
  }

  get node(): string | undefined {
    return this.state === undefined ? undefined : `${this.state.flowId}/${this.state.nodeId}`;
  }

  records(): RecordEffect[] {
    return this.log.filter((effect): effect is RecordEffect => effect.type === 'record');
  }
}

export function says(effects: readonly FlowEffect[]): string[] {
  return effects.filter((effect): effect is SayEffect => effect.type === 'say').map((effect) => effect.key);
}

export function lastSay(effects: readonly FlowEffect[]): SayEffect | undefined {
  return effects.filter((effect): effect is SayEffect => effect.type === 'say').at(-1);
}

/** The choices (the part after the nonce) of a say's buttons, row by row flattened. */
export function choices(say: SayEffect | undefined): string[] {
  return (say?.buttons ?? []).flat().map((button) => button.data.split(':')[2]!);
}

export function others(effects: readonly FlowEffect[]): FlowEffect[] {
  return effects.filter((effect) => effect.type !== 'say' && effect.type !== 'record');
}
