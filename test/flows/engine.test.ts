import { describe, expect, it } from 'vitest';
import { type FlowEffect, triage } from '../../src/flows/index.js';
import { createTexts } from '../../src/i18n/texts.js';
import { choices, lastSay, others, Run, registry, says } from './harness.js';

const texts = createTexts();

/** Skips (or, at a menu, takes the first way out) until the flow ends; returns the taps it took. */
function skipToEnd(run: Run, limit = 40): number {
  let taps = 0;
  while (run.state !== undefined) {
    if (++taps > limit) throw new Error(`still running at ${run.node} after ${limit} taps`);
    run.tap('_skip');
  }
  return taps;
}

describe('welcome', () => {
  it('greets warmly, then offers five ways in one message', () => {
    const run = new Run();
    const effects = run.start('welcome');
    expect(says(effects)).toEqual(['welcome:hello.text', 'welcome:choose.text']);
    expect(texts.t('en', 'welcome:hello.text')).toContain('coffee or tea');
    expect(texts.t('en', 'welcome:hello.text')).toContain('You do not have to give your name');
    expect(choices(lastSay(effects))).toEqual(['self', 'other', 'question', 'person', 'emergency']);
    expect(run.node).toBe('welcome/choose');
  });

  it('leads each way to its flow', () => {
    const expected: Record<string, string | undefined> = {
      self: 'screening/safe_now',
      other: 'witness/danger',
      question: 'information/menu',
      person: undefined,
      emergency: undefined,
    };
    for (const [choice, node] of Object.entries(expected)) {
      const run = new Run();
      run.start('welcome');
      run.tap(choice);
      expect(run.node, choice).toBe(node);
    }
  });

  it('sets the role when a flow is entered', () => {
    const run = new Run();
    run.start('welcome');
    expect(run.tap('self')).toContainEqual({ type: 'set', field: 'role', value: 'person' });
    run.start('welcome');
    expect(run.tap('other')).toContainEqual({ type: 'set', field: 'role', value: 'witness' });
  });

  it('hands free text straight to the team, with a reassuring line', () => {
    const run = new Run();
    run.start('welcome');
    const effects = run.write('I do not know where to start');
    expect(effects).toEqual([
      { type: 'say', key: 'welcome:heard.text' },
      { type: 'handover', reason: 'free_text' },
    ]);
    expect(run.state).toBeUndefined();
  });

  it('hands over at once when the person asks for a person', () => {
    const run = new Run();
    run.start('welcome');
    expect(run.tap('person')).toEqual([
      { type: 'say', key: 'welcome:talk.text' },
      { type: 'handover', reason: 'requested' },
    ]);
  });

  it('reaches the emergency numbers in one tap, alerting the team first', () => {
    const run = new Run();
    run.start('welcome');
    const effects = run.tap('emergency');
    expect(effects).toEqual([
      { type: 'urgent', reason: 'emergency' },
      { type: 'say', key: 'emergency:numbers.text' },
      { type: 'say', key: 'emergency:team.text' },
      { type: 'handover', reason: 'emergency' },
    ]);
    const line = texts.t('en', 'emergency:numbers.text', {
      emergencyNumber: '112',
      policeNumber: '101',
      centrePhone: '+32 3 201 16 90',
    });
    expect(line).toContain('112');
    expect(line).toContain('101');
    expect(line).toContain('+32 3 201 16 90');
  });

  it('reaches the emergency numbers within two taps from the start of any flow', () => {
    for (const flowId of registry.ids()) {
      const run = new Run();
      run.start(flowId);
      // The host's Emergency button starts the emergency flow, whatever is running: one tap.
      const effects = run.start('emergency');
      expect(effects, flowId).toContainEqual({ type: 'urgent', reason: 'emergency' });
      expect(says(effects), flowId).toContain('emergency:numbers.text');
    }
  });
});

describe('screening', () => {
  it('opens with "is it safe to chat", offering Skip and Stop', () => {
    const run = new Run();
    const effects = run.start('screening');
    expect(says(effects)).toEqual(['screening:safe_now.text']);
    expect(choices(lastSay(effects))).toEqual(['yes', 'no', '_skip', '_stop']);
    expect(
      lastSay(effects)
        ?.buttons?.at(-1)
        ?.map((button) => button.labelKey),
    ).toEqual(['flow-common:skip', 'flow-common:stop']);
  });

  it('goes silent when it is not safe to chat', () => {
    const run = new Run();
    run.start('screening');
    const effects = run.tap('no');
    expect(others(effects)).toEqual([{ type: 'silence' }, { type: 'summary', flowId: 'screening' }]);
    expect(says(effects)).toEqual(['screening:not_safe.text']);
    expect(effects).not.toContainEqual(expect.objectContaining({ type: 'handover' }));
    expect(run.state).toBeUndefined();
  });

  it('sends the emergency numbers and alerts the team on danger now', () => {
    const run = new Run();
    run.start('screening');
    run.tap('yes');
    const effects = run.tap('yes');
    expect(others(effects)).toEqual([
      { type: 'urgent', reason: 'danger_now' },
      { type: 'summary', flowId: 'screening' },
      { type: 'handover', reason: 'emergency' },
    ]);
    expect(says(effects)).toEqual(['emergency:numbers.text', 'emergency:team.text']);
    expect(run.state).toBeUndefined();
  });

  it('can be skipped from start to end, and then thanks the person', () => {
    const run = new Run();
    run.start('screening');
    const taps = skipToEnd(run);
    const records = run.records();
    expect(taps).toBe(16);
    expect(records.every((record) => record.answer === 'skipped')).toBe(true);
    expect(records.map((record) => record.nodeId)).toEqual([
      'safe_now',
      'danger_now',
      'deception',
      'coercion',
      'wages',
      'debt',
      'documents',
      'leave',
      'threats',
      'violence',
      'housing',
      'hours',
      'family',
      'minor',
      'region',
      'contact',
    ]);
    expect(run.log.slice(-3)).toEqual([
      { type: 'say', key: 'screening:done.text' },
      { type: 'summary', flowId: 'screening' },
      { type: 'handover', reason: 'finished' },
    ]);
    expect(triage(records).level).toBe('unclear');
  });

  it('asks at most 15 questions after the two safety checks', () => {
    const run = new Run();
    run.start('screening');
    run.tap('yes');
    run.tap('no');
    let asked = 0;
    while (run.state !== undefined) {
      asked++;
      // "yes" where there is one (it opens the follow-up question), otherwise the first option.
      const options = choices(lastSay(run.log)).filter((choice) => !choice.startsWith('_'));
      run.tap(options.includes('yes') ? 'yes' : options[0]!);
    }
    expect(asked).toBeGreaterThanOrEqual(8);
    expect(asked).toBeLessThanOrEqual(15);
  });

  it('records free text as the answer and moves on', () => {
    const run = new Run();
    run.start('screening');
    run.tap('yes');
    run.tap('no');
    expect(run.node).toBe('screening/deception');
    const effects = run.write('  They said it was a job in a hotel.  ');
    expect(effects[0]).toEqual({
      type: 'record',
      flowId: 'screening',
      nodeId: 'deception',
      questionKey: 'screening:deception.text',
      answer: 'free_text',
      freeText: 'They said it was a job in a hotel.',
    });
    expect(says(effects)).toEqual(['screening:coercion.text']);
    expect(run.node).toBe('screening/coercion');
  });

  it('ignores an empty message', () => {
    const run = new Run();
    run.start('screening');
    const before = run.state;
    expect(run.write('   ')).toEqual([]);
    expect(run.state).toBe(before);
  });

  it('says what kind of things, with the form of exploitation each points to', () => {
    const run = new Run();
    run.start('screening');
    run.tap('yes');
    run.tap('no');
    run.tap('_skip');
    run.tap('yes');
    expect(run.node).toBe('screening/coercion_what');
    const effects = run.tap('sex');
    expect(effects[0]).toEqual({
      type: 'record',
      flowId: 'screening',
      nodeId: 'coercion_what',
      questionKey: 'screening:coercion_what.text',
      indicator: 'coercion',
      answer: 'sex',
      answerKey: 'screening:coercion_what.sex',
      forms: ['sexual'],
    });
    expect(run.node).toBe('screening/wages');
  });

  it('alerts the team when someone who cannot leave has been hurt', () => {
    const run = new Run();
    run.start('screening');
    for (const choice of ['yes', 'no', '_skip', '_skip', '_skip', '_skip', '_skip', 'no', '_skip'])
      run.tap(choice);
    expect(run.node).toBe('screening/violence_confined');
    expect(run.tap('yes')).toContainEqual({ type: 'urgent', reason: 'violence_and_confinement' });
    expect(run.node).toBe('screening/housing');
  });

  it('does not alert on violence alone', () => {
    const run = new Run();
    run.start('screening');
    for (const choice of ['yes', 'no', '_skip', '_skip', '_skip', '_skip', '_skip', 'yes', '_skip'])
      run.tap(choice);
    expect(run.node).toBe('screening/violence');
    expect(run.tap('yes')).not.toContainEqual(expect.objectContaining({ type: 'urgent' }));
  });

  it('sets minor, region and contact, and alerts the team for a minor', () => {
    const run = new Run();
    run.start('screening');
    while (run.node !== 'screening/minor') run.tap('_skip');
    const minor = run.tap('yes');
    expect(minor).toContainEqual({ type: 'set', field: 'minor', value: 'yes' });
    expect(minor).toContainEqual({ type: 'urgent', reason: 'minor' });
    expect(run.tap('brussels')).toContainEqual({ type: 'set', field: 'region', value: 'brussels' });
    const contact = run.tap('time');
    expect(contact).toContainEqual({ type: 'set', field: 'contact', value: 'time' });
    expect(says(contact)).toEqual(['screening:done_time.text']);
    expect(triage(run.records()).level).toBe('urgent');
  });

  it('stays quiet afterwards when the person does not want to be contacted now', () => {
    const run = new Run();
    run.start('screening');
    while (run.node !== 'screening/contact') run.tap('_skip');
    expect(others(run.tap('not_now'))).toEqual([
      { type: 'set', field: 'contact', value: 'not_now' },
      { type: 'silence' },
      { type: 'summary', flowId: 'screening' },
      { type: 'handover', reason: 'finished' },
    ]);
  });

  it('stops politely on Stop, with a summary and a person taking over', () => {
    const run = new Run();
    run.start('screening');
    run.tap('yes');
    run.tap('no');
    run.tap('yes');
    const effects = run.tap('_stop');
    expect(effects).toEqual([
      { type: 'say', key: 'screening:stopped.text' },
      { type: 'summary', flowId: 'screening' },
      { type: 'handover', reason: 'stopped' },
    ]);
    expect(run.state).toBeUndefined();
  });

  it('gives a high triage for a strong indicator with another one', () => {
    const run = new Run();
    run.start('screening');
    run.tap('yes'); // safe
    run.tap('no'); // no danger now
    run.tap('yes'); // different from promised
    run.tap('no'); // not made to do things
    run.tap('kept'); // someone else keeps the pay
    skipToEnd(run);
    const result = triage(run.records());
    expect(result).toMatchObject({
      level: 'high',
      indicators: ['deception', 'withheld_wages'],
      strongIndicators: ['withheld_wages'],
      forms: ['labour'],
    });
  });
});

describe('witness', () => {
  it('asks about danger first and can be skipped to the end', () => {
    const run = new Run();
    const first = run.start('witness');
    expect(says(first)).toEqual(['witness:danger.text']);
    const taps = skipToEnd(run);
    expect(taps).toBeLessThanOrEqual(20);
    expect(run.log.slice(-3)).toEqual([
      { type: 'say', key: 'witness:done.text' },
      { type: 'summary', flowId: 'witness' },
      { type: 'handover', reason: 'finished' },
    ]);
  });

  it('sends the emergency numbers and alerts the team on danger now', () => {
    const run = new Run();
    run.start('witness');
    const effects = run.tap('yes');
    expect(effects).toContainEqual({ type: 'urgent', reason: 'danger_now' });
    expect(says(effects)).toContain('emergency:numbers.text');
    expect(effects.at(-1)).toEqual({ type: 'handover', reason: 'emergency' });
  });

  it('takes the report in the person’s own words', () => {
    const run = new Run();
    run.start('witness');
    run.tap('no');
    run.tap('work');
    expect(run.node).toBe('witness/seen_words');
    expect(run.write('A man collects the workers at 5 in the morning')[0]).toMatchObject({
      nodeId: 'seen_words',
      answer: 'free_text',
      freeText: 'A man collects the workers at 5 in the morning',
    });
    expect(run.node).toBe('witness/region');
  });

  it('asks for a safe time when the witness chooses one', () => {
    const run = new Run();
    run.start('witness');
    while (run.node !== 'witness/contact') run.tap('_skip');
    run.tap('time');
    expect(run.node).toBe('witness/contact_time');
    run.write('weekdays after 6 pm');
    expect(run.node).toBe('witness/anything_else');
    expect(texts.t('en', 'witness:anything_else.text')).toMatch(/do not take photos/i);
  });

  it('alerts the team when the people seem to be minors', () => {
    const run = new Run();
    run.start('witness');
    while (run.node !== 'witness/minors') run.tap('_skip');
    expect(run.tap('yes')).toContainEqual({ type: 'urgent', reason: 'minor' });
  });

  it('stops on Stop with a summary and a person taking over', () => {
    const run = new Run();
    run.start('witness');
    run.tap('no');
    expect(others(run.tap('_stop'))).toEqual([
      { type: 'summary', flowId: 'witness' },
      { type: 'handover', reason: 'stopped' },
    ]);
  });
});

describe('information', () => {
  it('shows a topic, goes back to the menu, and hands over on request', () => {
    const run = new Run();
    run.start('information');
    const offer = run.tap('offer');
    expect(says(offer)).toEqual(['information:offer.text']);
    expect(choices(lastSay(offer))).toEqual(['back', 'person', 'done']);
    expect(says(run.tap('back'))).toEqual(['information:menu.text']);
    run.tap('status');
    expect(run.tap('person')).toEqual([
      { type: 'say', key: 'information:talk.text' },
      { type: 'handover', reason: 'requested' },
    ]);
  });

  it('passes a written question to the team', () => {
    const run = new Run();
    run.start('information');
    expect(run.write('Can I bring my child?')).toEqual([
      { type: 'say', key: 'information:asked.text' },
      { type: 'handover', reason: 'free_text' },
    ]);
  });

  it('ends kindly when the person has read enough, without recording anything', () => {
    const run = new Run();
    run.start('information');
    run.tap('reach');
    expect(run.tap('done')).toEqual([{ type: 'say', key: 'information:bye.text' }]);
    expect(run.state).toBeUndefined();
    expect(run.records()).toEqual([]);
  });

  it('explains the 45 days and the three conditions, and fills in the numbers from configuration', () => {
    expect(texts.t('en', 'information:status.text')).toMatch(/45 days[\s\S]*1\.[\s\S]*2\.[\s\S]*3\./);
    const reach = texts.t('nl', 'information:reach.text', {
      centrePhone: 'PHONE',
      centreEmail: 'MAIL',
      reportingLine: 'LINE',
      emergencyNumber: 'SOS',
      policeNumber: 'COPS',
    });
    for (const value of ['PHONE', 'MAIL', 'LINE', 'SOS', 'COPS']) expect(reach).toContain(value);
  });

  it('does not offer Skip or Stop on its menus', () => {
    const run = new Run();
    const effects = run.start('information');
    expect(choices(lastSay(effects)).filter((choice) => choice.startsWith('_'))).toEqual([]);
  });
});

describe('buttons and state', () => {
  it('answers a tap on an older message with "stale" only, and keeps the state', () => {
    const run = new Run();
    run.start('screening');
    const old = run.state!;
    run.tap('yes');
    const current = run.state;
    const effects = run.send({ type: 'button', data: `f1:${old.nonce}:no` });
    expect(effects).toEqual([{ type: 'stale' }]);
    expect(run.state).toBe(current);
  });

  it('treats garbage, unknown choices, and Stop outside screening and witness as stale', () => {
    const run = new Run();
    run.start('information');
    const nonce = run.state!.nonce;
    for (const data of [
      '',
      'hello',
      `f1:${nonce}`,
      `f2:${nonce}:offer`,
      `f1:${nonce}:nope`,
      `f1:${nonce}:_stop`,
      `f1:${nonce}:_skip`,
      `f1:${nonce}:offer:x`,
      `f1:${nonce}:${'a'.repeat(80)}`,
    ]) {
      expect(run.send({ type: 'button', data }), data).toEqual([{ type: 'stale' }]);
    }
    expect(run.node).toBe('information/menu');
  });

  it('treats any tap as stale when no flow is running', () => {
    const run = new Run();
    expect(run.send({ type: 'button', data: 'f1:abcdef:yes' })).toEqual([{ type: 'stale' }]);
    expect(run.state).toBeUndefined();
  });

  it('leaves text alone when no flow is running (the host relays it)', () => {
    const run = new Run();
    expect(run.write('hello')).toEqual([]);
    expect(run.state).toBeUndefined();
  });

  it('lets a new start replace the running flow, keeping a summary of the answers so far', () => {
    const run = new Run();
    run.start('screening');
    run.tap('yes');
    const effects = run.start('welcome');
    expect(effects[0]).toEqual({ type: 'summary', flowId: 'screening' });
    expect(run.node).toBe('welcome/choose');
    expect(run.start('information')).not.toContainEqual(expect.objectContaining({ type: 'summary' }));
  });

  it('forgets a state whose flow no longer exists', () => {
    const run = new Run();
    run.state = { flowId: 'retired', nodeId: 'somewhere', nonce: 'abcdef' };
    expect(run.write('hello')).toEqual([]);
    expect(run.state).toBeUndefined();
  });

  it('refuses a nonce generator that would break callback data', () => {
    const run = new Run();
    run.options.nonce = () => 'not:a-nonce';
    expect(() => run.start('welcome')).toThrow(/nonce/);
  });

  it('offers Skip on every question, and Stop only in screening and witness', () => {
    for (const flowId of registry.ids()) {
      const flow = registry.get(flowId);
      for (const [nodeId, node] of Object.entries(flow.nodes)) {
        if (node.type !== 'question' && node.type !== 'menu') continue;
        const extra = choices(sayOf(flowId, nodeId)).filter((choice) => choice.startsWith('_'));
        const expected =
          node.type === 'menu'
            ? []
            : flowId === 'screening' || flowId === 'witness'
              ? ['_skip', '_stop']
              : ['_skip'];
        expect(extra, `${flowId}/${nodeId}`).toEqual(expected);
      }
    }
  });
});

/** The say a node produces when it is shown, found by walking the flow with Skip and first options. */
function sayOf(flowId: string, nodeId: string) {
  const seen = new Set<string>();
  const queue: Array<{ run: Run; effects: FlowEffect[] }> = [];
  const first = new Run();
  queue.push({ run: first, effects: first.start(flowId) });
  while (queue.length > 0) {
    const { run, effects } = queue.shift()!;
    if (run.state === undefined || run.state.flowId !== flowId || seen.has(run.state.nodeId)) continue;
    seen.add(run.state.nodeId);
    if (run.state.nodeId === nodeId) return lastSay(effects);
    for (const choice of choices(lastSay(effects))) {
      const branch = new Run();
      branch.state = run.state;
      queue.push({ run: branch, effects: branch.tap(choice) });
    }
  }
  throw new Error(`${flowId}/${nodeId} not reached`);
}
