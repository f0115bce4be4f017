import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteLength, decodeButton } from '../../src/flows/buttons.js';
import { type FlowEffect, MAX_CALLBACK_BYTES } from '../../src/flows/index.js';
import { lookupText } from '../../src/flows/validate.js';
import { resources } from '../../src/i18n/resources.js';
import { lastSay, Run, registry } from './harness.js';

/** What a person (or a confused client) can do: tap a current button, tap an old one, send junk, write. */
type Action =
  | { kind: 'tap'; pick: number }
  | { kind: 'stale'; pick: number }
  | { kind: 'garbage'; data: string }
  | { kind: 'text'; text: string }
  | { kind: 'start'; pick: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('tap' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('stale' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('garbage' as const),
      data: fc.string({ unit: 'binary', maxLength: 90 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      text: fc.string({ unit: 'binary', maxLength: 200 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('start' as const), pick: fc.nat() }) },
);

const FLOW_IDS = registry.ids();
const LANGUAGES = Object.keys(resources);
/** Steps after which a run must have ended or be waiting at a question or a menu. */
const N = 60;

function isText(key: string): boolean {
  return LANGUAGES.every((language) => {
    const text = lookupText(resources, language, key);
    return typeof text === 'string' && text.trim() !== '';
  });
}

/** Every effect of one step is well formed. */
function checkEffects(effects: readonly FlowEffect[]): void {
  if (effects.some((effect) => effect.type === 'stale')) expect(effects).toEqual([{ type: 'stale' }]);
  for (const effect of effects) {
    if (effect.type !== 'say') continue;
    expect(effect.key, 'a say without text').toMatch(/^[a-z-]+:\S+$/);
    expect(isText(effect.key), `text of ${effect.key}`).toBe(true);
    for (const button of (effect.buttons ?? []).flat()) {
      expect(byteLength(button.data), button.data).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
      expect(decodeButton(button.data), button.data).toBeDefined();
      expect(isText(button.labelKey), `label ${button.labelKey}`).toBe(true);
    }
    expect((effect.buttons ?? []).every((row) => row.length > 0)).toBe(true);
  }
}

function isWaiting(run: Run): boolean {
  if (run.state === undefined) return true;
  const node = registry.get(run.state.flowId).nodes[run.state.nodeId];
  return node?.type === 'question' || node?.type === 'menu';
}

describe.each(FLOW_IDS)('flow "%s" under random input', (flowId) => {
  it('never throws, never says nothing, keeps callback data short, and always waits at a question or ends', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: N }), (actions) => {
        const run = new Run();
        const shown: string[] = [];
        const remember = (effects: readonly FlowEffect[]) => {
          for (const button of (lastSay(effects)?.buttons ?? []).flat()) shown.push(button.data);
        };
        const first = run.start(flowId);
        checkEffects(first);
        remember(first);
        expect(isWaiting(run)).toBe(true);
        for (const next of actions) {
          const before = run.state;
          let effects: FlowEffect[];
          switch (next.kind) {
            case 'tap': {
              const current = (lastSay(run.log)?.buttons ?? []).flat();
              const button = current[next.pick % Math.max(current.length, 1)];
              effects = run.send({ type: 'button', data: button?.data ?? 'f1:none:none' });
              break;
            }
            case 'stale': {
              const old = shown.filter((data) => before === undefined || !data.includes(`:${before.nonce}:`));
              effects = run.send({
                type: 'button',
                data: old[next.pick % Math.max(old.length, 1)] ?? 'f1:aaaaaa:yes',
              });
              expect(effects).toEqual([{ type: 'stale' }]);
              break;
            }
            case 'garbage':
              effects = run.send({ type: 'button', data: next.data });
              break;
            case 'text':
              effects = run.write(next.text);
              if (before === undefined) expect(effects).toEqual([]);
              break;
            case 'start':
              effects = run.start(FLOW_IDS[next.pick % FLOW_IDS.length]!);
              break;
          }
          checkEffects(effects);
          remember(effects);
          expect(isWaiting(run)).toBe(true);
          if (run.state !== undefined && run.state !== before)
            expect(run.state.nonce).not.toBe(before?.nonce);
        }
      }),
    );
  });

  it('ends or hands over within 40 valid steps, whatever the person chooses', () => {
    // A valid step: any button of the current question or menu (Skip and Stop included), or a written answer.
    const picks = fc.array(fc.noBias(fc.nat({ max: 1_000_000 })), { minLength: 40, maxLength: 40 });
    fc.assert(
      fc.property(picks, (steps) => {
        const run = new Run();
        run.start(flowId);
        for (const pick of steps) {
          if (run.state === undefined || run.log.some((effect) => effect.type === 'handover')) break;
          const buttons = (lastSay(run.log)?.buttons ?? []).flat();
          const index = pick % (buttons.length + 1);
          if (index === buttons.length) run.write('in my own words');
          else run.send({ type: 'button', data: buttons[index]!.data });
        }
        const handedOver = run.log.some((effect) => effect.type === 'handover');
        expect(run.state === undefined || handedOver, `still at ${run.node}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
