import { describe, expect, it } from 'vitest';
import { BELGIAN_NUMBERS } from '../../src/centres.js';
import { sendCannedReply } from '../../src/core/dialogue/canned-replies.js';
import { TurnBuilder } from '../../src/core/dialogue/turn-builder.js';
import { type Centre, findCannedReply } from '../../src/core/index.js';
import { createTexts } from '../../src/i18n/texts.js';
import { testDialogue } from '../support/dialogue.js';
import { MemoryCaseStore } from '../support/memory-case-store.js';

const texts = createTexts();

/** What a person in `language` receives for the `address` reply when their centre is `centre`. */
async function addressFor(centre: Centre, language = 'en'): Promise<string> {
  const store = new MemoryCaseStore();
  const conversation = await store.openConversation({
    channel: 'telegram',
    chatId: '1',
    language,
    languageConfirmed: true,
    consent: 'given',
    inboxChannel: 'C0INBOX',
    now: 0,
  });
  const context = {
    ...testDialogue(),
    routing: { centres: [centre], homeCentre: centre.id, numbers: BELGIAN_NUMBERS },
  };
  const turn = new TurnBuilder(conversation, 0, () => 'm1');
  expect(sendCannedReply(turn, findCannedReply('address')!, 'U0CW', context)).toBe('sent');
  return turn.messages[0]!.body;
}

const centre: Centre = { id: 'c', name: 'Centre', regions: [], minors: false, phone: '+32 2 000 00 00' };

describe('the address reply', () => {
  it('gives the address and asks to call first when no opening hours are known', async () => {
    expect(await addressFor({ ...centre, address: 'Rue 1, 1000 Bruxelles' })).toBe(
      [
        'You can find Centre at this address: Rue 1, 1000 Bruxelles',
        'Phone: +32 2 000 00 00',
        'Please call before you come, so that someone is there to welcome you.',
      ].join('\n'),
    );
  });

  it('gives the opening hours instead of asking to call first when they are known', async () => {
    const text = await addressFor({ ...centre, address: 'Rue 1', hours: 'Mon-Fri 9:00-17:00' });
    expect(text).toContain('Opening hours: Mon-Fri 9:00-17:00');
    expect(text).not.toContain('call before you come');
  });

  it('asks the person to call and agree on a safe place when the address is kept private', async () => {
    const text = await addressFor(centre, 'fr');
    expect(text).toBe(
      texts.t('fr', 'canned:address.meet', { centreName: 'Centre', centrePhone: '+32 2 000 00 00' }),
    );
    expect(text).not.toMatch(/\{\{|adresse :/);
  });
});
