import { beforeEach, describe, expect, it } from 'vitest';
import type { CaseworkerReplyInput, PersonInput } from '../../src/core/index.js';
import { Relay } from '../../src/core/index.js';
import { greetingOnlyDialogue } from '../support/dialogue.js';
import { FakeClock, RecordingLogger, sequentialIds } from '../support/fake-ports.js';
import { MemoryCaseStore } from '../support/memory-case-store.js';

const INBOX = 'C0INBOX01';

function personMessage(overrides: Partial<PersonInput> = {}): PersonInput {
  return {
    channel: 'telegram',
    chatId: '501',
    eventKey: '1001',
    channelMessageId: '11',
    languageHint: 'en',
    action: { type: 'message', content: { kind: 'text', body: 'I need help' } },
    ...overrides,
  };
}

function caseworkerReply(overrides: Partial<CaseworkerReplyInput> = {}): CaseworkerReplyInput {
  return {
    eventKey: 'Ev001',
    inboxChannel: INBOX,
    inboxThread: 'T1',
    inboxMessageId: '1700000000.000100',
    text: 'We are here for you.',
    ...overrides,
  };
}

const outcomeOf = async (result: Promise<{ outcome: string }>) => (await result).outcome;

describe('Relay', () => {
  let store: MemoryCaseStore;
  let clock: FakeClock;
  let logger: RecordingLogger;
  let work: number;
  let relay: Relay;

  beforeEach(() => {
    store = new MemoryCaseStore();
    clock = new FakeClock();
    logger = new RecordingLogger();
    work = 0;
    relay = new Relay({
      store,
      dialogue: greetingOnlyDialogue(),
      clock,
      logger,
      inboxChannel: INBOX,
      onWork: () => {
        work += 1;
      },
      newId: sequentialIds(),
    });
  });

  /** Deliveries of messages; card refreshes are checked on their own. */
  const outbox = () =>
    store
      .entries()
      .filter((entry) => entry.kind !== 'inbox.card')
      .map(({ lane, kind, payload }) => ({
        lane,
        kind,
        messageId: (payload as { messageId?: string }).messageId,
      }));

  describe('a person writes', () => {
    it('stores the first message in a new case, queues its relay, and greets the person once', async () => {
      expect(await outcomeOf(relay.acceptPersonMessage(personMessage({ languageHint: 'nl' })))).toBe(
        'stored',
      );

      const [conversation, ...others] = store.allConversations();
      expect(others).toEqual([]);
      expect(conversation).toMatchObject({
        id: 1,
        channel: 'telegram',
        chatId: '501',
        language: 'nl',
        inboxChannel: INBOX,
        inboxThread: null,
        lastPersonMessageAt: clock.now(),
        status: 'new',
      });

      expect(store.allMessages()).toEqual([
        {
          id: 'm1',
          conversationId: 1,
          author: 'person',
          kind: 'text',
          body: 'I need help',
          buttons: null,
          inboxText: null,
          held: false,
          inboxTranslationId: null,
          channelMessageId: '11',
          inboxMessageId: null,
          createdAt: clock.now(),
        },
        {
          id: 'm2',
          conversationId: 1,
          author: 'haven',
          kind: 'text',
          body: 'nl:common:greeting',
          buttons: null,
          inboxText: 'en:common:greeting',
          held: false,
          inboxTranslationId: null,
          channelMessageId: null,
          inboxMessageId: null,
          createdAt: clock.now(),
        },
      ]);
      // The person's words go to the inbox first; the greeting goes to the person and into the thread.
      expect(outbox()).toEqual([
        { lane: 'inbox', kind: 'inbox.relay', messageId: 'm1' },
        { lane: 'channel', kind: 'channel.send', messageId: 'm2' },
        { lane: 'inbox', kind: 'inbox.relay', messageId: 'm2' },
      ]);
      expect(store.entries().every((entry) => entry.status === 'pending' && entry.attempts === 0)).toBe(true);
    });

    it.each([
      ['nl-BE', 'nl'],
      ['ro', 'ro'],
      ['EN-gb', 'en'],
    ])('greets a person whose client says %s in %s', async (languageHint, language) => {
      await relay.acceptPersonMessage(personMessage({ languageHint }));

      expect(store.allConversations()[0]).toMatchObject({ language, languageConfirmed: true });
      const greeting = store.allMessages().find((message) => message.author === 'haven');
      expect(greeting?.body).toBe(`${language}:common:greeting`);
    });

    it.each([['pt-BR'], ['sw'], [undefined]])(
      'asks a person whose client says %s to confirm English before anything else',
      async (languageHint) => {
        await relay.acceptPersonMessage(personMessage({ languageHint }));

        expect(store.allConversations()[0]).toMatchObject({ language: 'en', languageConfirmed: false });
        const [prompt, ...more] = store.allMessages().filter((message) => message.author === 'haven');
        expect(more).toEqual([]);
        expect(prompt?.body).toBe('en:common:language.confirm');
        expect(prompt?.buttons?.flat().map((button) => button.data)).toEqual(['lg:n0001:en', 'lg:n0001:*']);
      },
    );

    it('does not greet again, nor change the language, when the person writes once more', async () => {
      await relay.acceptPersonMessage(personMessage({ languageHint: 'ro' }));
      clock.advance(60_000);
      const outcome = await relay.acceptPersonMessage(
        personMessage({
          eventKey: '1002',
          channelMessageId: '12',
          languageHint: 'nl',
          action: { type: 'message', content: { kind: 'text', body: 'hello?' } },
        }),
      );

      expect(outcome.outcome).toBe('stored');
      expect(store.allConversations()).toHaveLength(1);
      expect(store.allConversations()[0]).toMatchObject({ language: 'ro', lastPersonMessageAt: clock.now() });
      expect(store.allMessages().map((message) => [message.author, message.body])).toEqual([
        ['person', 'I need help'],
        ['haven', 'ro:common:greeting'],
        ['person', 'hello?'],
      ]);
      expect(outbox().slice(3)).toEqual([{ lane: 'inbox', kind: 'inbox.relay', messageId: 'm3' }]);
      // The card shows when the person last wrote: it is brought up to date.
      expect(store.entries().at(-1)?.kind).toBe('inbox.card');
    });

    it('brings the card up to date once for several messages in one minute: it shows the time to the minute', async () => {
      await relay.acceptPersonMessage(personMessage({ languageHint: 'ro' }));
      // The start of a later minute.
      clock.advance(120_000 - (clock.now() % 60_000));
      const cardUpdates = () => store.entries().filter((entry) => entry.kind === 'inbox.card').length;
      const write = (index: number) =>
        relay.acceptPersonMessage(
          personMessage({
            eventKey: String(2000 + index),
            channelMessageId: String(20 + index),
            action: { type: 'message', content: { kind: 'text', body: `message ${index}` } },
          }),
        );

      await write(1);
      clock.advance(10_000);
      await write(2);
      clock.advance(10_000);
      await write(3);
      expect(cardUpdates()).toBe(1);
      clock.advance(60_000);
      await write(4);
      expect(cardUpdates()).toBe(2);
      // What is stored is exact all the same.
      expect(store.allConversations()[0]?.lastPersonMessageAt).toBe(clock.now());
    });

    it('keeps what is not text, with its caption, for the inbox', async () => {
      await relay.acceptPersonMessage(
        personMessage({ action: { type: 'message', content: { kind: 'photo', body: 'my passport' } } }),
      );

      expect(store.allMessages()[0]).toMatchObject({ author: 'person', kind: 'photo', body: 'my passport' });
      expect(outbox()[0]).toEqual({ lane: 'inbox', kind: 'inbox.relay', messageId: 'm1' });
    });

    it('ignores a re-sent update: nothing new is stored and no work is announced', async () => {
      await relay.acceptPersonMessage(personMessage());
      const messages = store.allMessages();
      const entries = store.entries();

      const again = await relay.acceptPersonMessage(
        personMessage({ action: { type: 'message', content: { kind: 'text', body: 'changed' } } }),
      );

      expect(again.outcome).toBe('duplicate');
      expect(store.allMessages()).toEqual(messages);
      expect(store.entries()).toEqual(entries);
      expect(work).toBe(1);
    });

    it('stores an update once when its re-delivery races the first delivery', async () => {
      const outcomes = await Promise.all([
        relay.acceptPersonMessage(personMessage()),
        relay.acceptPersonMessage(personMessage()),
      ]);

      expect(outcomes.map((result) => result.outcome).sort()).toEqual(['duplicate', 'stored']);
      expect(store.allConversations()).toHaveLength(1);
      expect(store.allMessages().map((message) => message.author)).toEqual(['person', 'haven']);
      expect(store.entries()).toHaveLength(3);
      expect(work).toBe(1);
    });

    it('treats the same update id from another chat channel as a different event', async () => {
      await relay.acceptPersonMessage(personMessage());
      const outcome = await relay.acceptPersonMessage(
        personMessage({ channel: 'signal', chatId: '+31600000000' }),
      );

      expect(outcome.outcome).toBe('stored');
      expect(store.allConversations().map((c) => c.channel)).toEqual(['telegram', 'signal']);
    });

    it('opens one case per chat, numbered 1 and 2, each with its own greeting', async () => {
      await relay.acceptPersonMessage(personMessage({ chatId: '501', eventKey: '1', languageHint: 'nl' }));
      await relay.acceptPersonMessage(personMessage({ chatId: '502', eventKey: '2', languageHint: 'ro' }));
      await relay.acceptPersonMessage(personMessage({ chatId: '501', eventKey: '3' }));

      expect(store.allConversations().map((c) => [c.id, c.chatId, c.language])).toEqual([
        [1, '501', 'nl'],
        [2, '502', 'ro'],
      ]);
      const greetings = store.allMessages().filter((message) => message.author === 'haven');
      expect(greetings.map((message) => [message.conversationId, message.body])).toEqual([
        [1, 'nl:common:greeting'],
        [2, 'ro:common:greeting'],
      ]);
      expect(store.allMessages().filter((message) => message.conversationId === 1)).toHaveLength(3);
    });

    it('announces new work after storing it', async () => {
      let storedWhenAnnounced = -1;
      const announcing = new Relay({
        store,
        dialogue: greetingOnlyDialogue(),
        clock,
        logger,
        inboxChannel: INBOX,
        onWork: () => {
          storedWhenAnnounced = store.entries().length;
        },
      });

      await announcing.acceptPersonMessage(personMessage());

      expect(storedWhenAnnounced).toBe(3);
    });

    it('never writes what the person wrote into the log', async () => {
      await relay.acceptPersonMessage(
        personMessage({
          action: { type: 'message', content: { kind: 'text', body: 'my name is Ana Popescu' } },
        }),
      );
      await relay.acceptPersonMessage(
        personMessage({
          action: { type: 'message', content: { kind: 'text', body: 'my name is Ana Popescu' } },
        }),
      );

      expect(logger.lines.length).toBeGreaterThan(0);
      expect(logger.text()).not.toContain('Ana');
    });
  });

  describe('a caseworker answers', () => {
    beforeEach(async () => {
      await relay.acceptPersonMessage(personMessage({ languageHint: 'nl' }));
      await store.setInboxThread(1, 'T1');
      work = 0;
    });

    it('stores a reply in a case thread and queues it for the person', async () => {
      clock.advance(5_000);
      const outcome = await relay.acceptCaseworkerReply(
        caseworkerReply({ text: '  We are here for you.\n' }),
      );

      expect(outcome).toBe('stored');
      expect(store.allMessages().at(-1)).toEqual({
        id: 'm3',
        conversationId: 1,
        author: 'caseworker',
        kind: 'text',
        body: 'We are here for you.',
        buttons: null,
        inboxText: null,
        held: false,
        inboxTranslationId: null,
        channelMessageId: null,
        inboxMessageId: '1700000000.000100',
        createdAt: clock.now(),
      });
      expect(outbox().at(-1)).toEqual({ lane: 'channel', kind: 'channel.send', messageId: 'm3' });
      // From now on a human answers: the flows pause.
      expect(store.allConversations()[0]?.mode).toBe('human');
      // The person's message, then the greeting (to the person and into the thread), the reply, and the
      // card (now "waiting for the person", answered by a caseworker).
      expect(store.entries().map((entry) => entry.kind)).toEqual([
        'inbox.relay',
        'channel.send',
        'inbox.relay',
        'channel.send',
        'inbox.card',
      ]);
      expect(work).toBe(1);
      // A caseworker's reply is not the person being active.
      expect(store.allConversations()[0]?.lastPersonMessageAt).toBe(clock.now() - 5_000);
    });

    it('ignores a message in a thread that is not a case', async () => {
      const outcomes = [
        await relay.acceptCaseworkerReply(caseworkerReply({ eventKey: 'Ev1', inboxThread: 'T-other' })),
        await relay.acceptCaseworkerReply(caseworkerReply({ eventKey: 'Ev2', inboxChannel: 'C0ELSEWHERE' })),
      ];

      expect(outcomes).toEqual(['ignored', 'ignored']);
      expect(store.allMessages()).toHaveLength(2);
      expect(store.entries()).toHaveLength(3);
      expect(work).toBe(0);
    });

    it('ignores a reply with nothing but whitespace', async () => {
      const outcome = await relay.acceptCaseworkerReply(caseworkerReply({ text: ' \n\t ' }));

      expect(outcome).toBe('ignored');
      expect(store.allMessages()).toHaveLength(2);
      expect(store.entries()).toHaveLength(3);
      expect(work).toBe(0);
    });

    it('relays a re-sent Slack event only once', async () => {
      expect(await relay.acceptCaseworkerReply(caseworkerReply())).toBe('stored');
      expect(await relay.acceptCaseworkerReply(caseworkerReply())).toBe('duplicate');

      expect(store.allMessages().filter((message) => message.author === 'caseworker')).toHaveLength(1);
      expect(store.entries().filter((entry) => entry.kind === 'channel.send')).toHaveLength(2);
      expect(work).toBe(1);
    });

    it('answers the right person when there are several cases', async () => {
      await relay.acceptPersonMessage(personMessage({ chatId: '502', eventKey: '2002' }));
      await store.setInboxThread(2, 'T2');

      await relay.acceptCaseworkerReply(
        caseworkerReply({ eventKey: 'EvA', inboxThread: 'T2', text: 'for 502' }),
      );
      await relay.acceptCaseworkerReply(
        caseworkerReply({ eventKey: 'EvB', inboxThread: 'T1', text: 'for 501' }),
      );

      const replies = store.allMessages().filter((message) => message.author === 'caseworker');
      expect(replies.map((message) => [message.conversationId, message.body])).toEqual([
        [2, 'for 502'],
        [1, 'for 501'],
      ]);
      const sends = store
        .entries()
        .filter((entry) => entry.kind === 'channel.send')
        .slice(-2);
      expect(sends.map((entry) => entry.conversationId)).toEqual([2, 1]);
    });
  });
});

describe('Relay under concurrency', () => {
  it('lets only one of two simultaneous first messages greet the person', async () => {
    const store = new MemoryCaseStore();
    const relay = new Relay({
      store,
      dialogue: greetingOnlyDialogue(),
      clock: new FakeClock(),
      logger: new RecordingLogger(),
      inboxChannel: INBOX,
      newId: sequentialIds(),
    });
    const write = (eventKey: string, body: string) =>
      relay.acceptPersonMessage({
        channel: 'telegram',
        chatId: '777',
        eventKey,
        channelMessageId: eventKey,
        languageHint: 'en',
        action: { type: 'message', content: { kind: 'text', body } },
      });

    const outcomes = await Promise.all([write('1', 'first'), write('2', 'second'), write('3', 'third')]);

    expect(outcomes.map((result) => result.outcome)).toEqual(['stored', 'stored', 'stored']);
    const greetings = store.allMessages().filter((message) => message.author === 'haven');
    expect(greetings).toHaveLength(1);
    expect(store.allMessages().filter((message) => message.author === 'person')).toHaveLength(3);
  });
});
