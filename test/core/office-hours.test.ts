import { describe, expect, it } from 'vitest';
import { BELGIAN_NUMBERS } from '../../src/centres.js';
import { Relay } from '../../src/core/index.js';
import { describeMoment, isOpen, nextOpening, parseOfficeHours } from '../../src/core/office-hours.js';
import { testDialogue } from '../support/dialogue.js';
import { FakeClock, RecordingLogger, sequentialIds } from '../support/fake-ports.js';
import { MemoryCaseStore } from '../support/memory-case-store.js';

const BRUSSELS = 'Europe/Brussels';
/** Saturday 21 November 2026, 13:00 in Brussels. */
const SATURDAY_NOON = Date.UTC(2026, 10, 21, 12, 0);
/** Monday 23 November 2026, 10:00 in Brussels. */
const MONDAY_MORNING = Date.UTC(2026, 10, 23, 9, 0);

describe('office hours', () => {
  const hours = parseOfficeHours('Mon-Fri 09:00-17:00; Sat 10:00-12:00', BRUSSELS);

  it('knows when the team is in, in the centre’s time zone', () => {
    expect(isOpen(hours, MONDAY_MORNING)).toBe(true);
    expect(isOpen(hours, SATURDAY_NOON)).toBe(false);
    expect(isOpen(hours, Date.UTC(2026, 10, 21, 9, 30))).toBe(true); // Saturday 10:30 local
  });

  it('finds the next opening and says it in the person’s language', () => {
    const opening = nextOpening(hours, SATURDAY_NOON)!;
    expect(new Date(opening).toISOString()).toBe('2026-11-23T08:00:00.000Z');
    expect(describeMoment(opening, 'ro', BRUSSELS)).toContain('luni');
    expect(describeMoment(opening, 'en', BRUSSELS)).toContain('Monday');
  });

  it('refuses hours it cannot read, saying what it expected', () => {
    expect(() => parseOfficeHours('weekdays 9 to 5', BRUSSELS)).toThrow(/Mon-Fri 09:00-17:00/);
    expect(() => parseOfficeHours('Mon-Fri 17:00-09:00', BRUSSELS)).toThrow(
      /opens before it closes|does not open/,
    );
  });

  it('tells a person writing on a Saturday when to expect an answer, once a night, with the emergency number', async () => {
    const store = new MemoryCaseStore();
    const clock = new FakeClock(SATURDAY_NOON);
    const base = testDialogue({ consentRequired: false });
    const relay = new Relay({
      store,
      dialogue: {
        ...base,
        routing: {
          centres: [
            {
              id: 'home',
              name: 'Home',
              regions: [],
              minors: false,
              phone: '+32 1',
              officeHours: 'Mon-Fri 09:00-17:00',
            },
          ],
          homeCentre: 'home',
          numbers: BELGIAN_NUMBERS,
          timeZone: BRUSSELS,
        },
      },
      clock,
      logger: new RecordingLogger(),
      inboxChannel: 'C0INBOX',
      newId: sequentialIds(),
    });
    const write = (key: string, body: string) =>
      relay.acceptPersonMessage({
        channel: 'telegram',
        chatId: '1',
        eventKey: key,
        channelMessageId: key,
        languageHint: 'en',
        action: { type: 'message', content: { kind: 'text', body } },
      });
    await write('1', 'hello');
    clock.advance(60_000);
    await write('2', 'are you there?');
    const notices = store
      .allMessages()
      .filter((message) => message.body.startsWith('Our team is not in the office'));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body).toContain('Monday');
    expect(notices[0]!.body).toContain('112');
  });
});
