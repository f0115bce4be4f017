import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/sandbox/index.js';
import {
  caseCards,
  eventually,
  INBOX,
  SLACK_TOKEN,
  type Stack,
  settle,
  startStack,
} from '../support/stack.js';

const MB = 1024 * 1024;
/** The first bytes of a PDF, enough for a file a caseworker's viewer recognises. */
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');

/** What a person sends besides text reaches the case thread: files as files, the rest readably. */
describe('attachments from the person', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack();
  });
  afterEach(async () => {
    await stack.stop();
  });

  const parents = () => caseCards(stack);
  const replies = (parentTs: string) => stack.slack.thread(INBOX, parentTs).slice(1);
  /** Everything a message shows, blocks and all, as one string. */
  const shown = (message: SlackMessage) => `${message.text}\n${JSON.stringify(message.blocks ?? [])}`;
  const threadOf = async (caption: string) => {
    for (const parent of parents()) {
      if (replies(parent.ts).some((reply) => shown(reply).includes(caption))) return parent.ts;
    }
    return undefined;
  };
  const uploads = (parentTs: string) => replies(parentTs).filter((reply) => reply.files?.length);
  const buttonData = (message: { reply_markup?: unknown }) =>
    (
      (message.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)
        ?.inline_keyboard ?? []
    )
      .flat()
      .map((button) => button.callback_data ?? '');
  const download = async (url: string) => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${SLACK_TOKEN}` } });
    return new Uint8Array(await response.arrayBuffer());
  };

  it('uploads a photo, at its largest size, into the thread of the person who sent it', async () => {
    const { update } = await stack.telegram.sendFromPerson({ chatId: 701, photo: true, text: 'my contract' });
    await stack.telegram.sendFromPerson({ chatId: 702, text: 'someone else' });

    const thread = await eventually(() => threadOf('my contract'));
    const [upload] = await eventually(() => (uploads(thread).length > 0 ? uploads(thread) : undefined));
    const largest = update.message!.photo!.at(-1)!;
    const original = stack.telegram.file(largest.file_id)!;
    expect(await download(upload!.files![0]!.url_private_download)).toEqual(original.bytes);
    expect(upload!.files![0]!.mimetype).toBe('image/jpeg');
    // The message before it says what arrived, with the caption as the person's words.
    const described = replies(thread).find((reply) => shown(reply).includes('my contract'))!;
    expect(shown(described)).toContain('📷 Photo');
    // Only the person's own thread has it.
    const other = (await eventually(() => threadOf('someone else')))!;
    await settle();
    expect(uploads(other)).toEqual([]);
    expect(stack.slack.violations).toEqual([]);
    expect(stack.telegram.violations).toEqual([]);
  });

  it('uploads a document with its name and exact bytes, once', async () => {
    await stack.telegram.sendFromPerson({
      chatId: 703,
      text: 'the contract they made me sign',
      file: { kind: 'document', bytes: PDF, fileName: 'contract.pdf', mimeType: 'application/pdf' },
    });

    const thread = await eventually(() => threadOf('the contract they made me sign'));
    const [upload] = await eventually(() => (uploads(thread).length > 0 ? uploads(thread) : undefined));
    expect(upload!.files![0]).toMatchObject({ name: 'contract.pdf', mimetype: 'application/pdf' });
    expect(await download(upload!.files![0]!.url_private_download)).toEqual(PDF);
    const described = replies(thread).find((reply) => shown(reply).includes('contract.pdf'))!;
    expect(shown(described)).toContain('📄 Document · contract.pdf');
    await settle();
    expect(uploads(thread)).toHaveLength(1);
  });

  it('relays voice messages and GIFs as files too', async () => {
    const voice = new Uint8Array([0x4f, 0x67, 0x67, 0x53, 1, 2, 3]);
    await stack.telegram.sendFromPerson({ chatId: 704, file: { kind: 'voice', bytes: voice } });
    const parent = await eventually(() => parents()[0]);
    const [upload] = await eventually(() => (uploads(parent.ts).length > 0 ? uploads(parent.ts) : undefined));
    expect(await download(upload!.files![0]!.url_private_download)).toEqual(voice);
    expect(replies(parent.ts).some((reply) => shown(reply).includes('🎤 Voice message'))).toBe(true);

    const gif = new TextEncoder().encode('GIF89a-fake');
    await stack.telegram.sendFromPerson({
      chatId: 704,
      file: { kind: 'animation', bytes: gif, fileName: 'dance.mp4', mimeType: 'video/mp4' },
    });
    await eventually(() => uploads(parent.ts).length === 2);
    expect(replies(parent.ts).some((reply) => shown(reply).includes('🎞 GIF · dance.mp4'))).toBe(true);
  });

  it('says in the thread what arrived and how big when a file is over Telegram’s 20 MB for bots', async () => {
    await stack.telegram.sendFromPerson({
      chatId: 705,
      text: 'video of the place',
      file: { kind: 'video', bytes: new Uint8Array([1, 2, 3]), fileName: 'place.mp4', size: 34 * MB },
    });

    const thread = await eventually(() => threadOf('video of the place'));
    const notice = await eventually(() =>
      replies(thread).find((reply) => shown(reply).includes('Haven can fetch files')),
    );
    expect(notice.text).toContain('The person sent a video of 34 MB');
    expect(notice.text).toContain('only up to 20 MB');
    expect(notice.text).toContain('Ask the person to send it another way');
    await settle();
    expect(uploads(thread)).toEqual([]);
    // Haven did not even try: Telegram would refuse a bot the download.
    expect(stack.telegram.calls.filter((call) => call.method === 'getFile')).toEqual([]);
  });

  it('shows a location as a map link, a venue with its name and address, and a shared contact', async () => {
    await stack.telegram.sendFromPerson({
      chatId: 706,
      fields: { location: { latitude: 51.219448, longitude: 4.402464 } },
    });
    const parent = await eventually(() => parents()[0]);
    const location = await eventually(() => replies(parent.ts).find((reply) => shown(reply).includes('📍')));
    expect(shown(location)).toContain(
      '<https://www.openstreetmap.org/?mlat=51.219448&mlon=4.402464#map=17/51.219448/4.402464|51.219448, 4.402464>',
    );

    await stack.telegram.sendFromPerson({
      chatId: 706,
      fields: {
        location: { latitude: 50.8467, longitude: 4.3525 },
        venue: {
          location: { latitude: 50.8467, longitude: 4.3525 },
          title: 'Grand Place <b>',
          address: 'Grote Markt, 1000 Brussel',
        },
      },
    });
    const venue = await eventually(() =>
      replies(parent.ts).find((reply) => shown(reply).includes('Grote Markt')),
    );
    expect(shown(venue)).toContain('openstreetmap.org/?mlat=50.846700&mlon=4.352500');
    expect(venue.text).toContain('Grand Place &lt;b&gt; · Grote Markt, 1000 Brussel');

    await stack.telegram.sendFromPerson({
      chatId: 706,
      fields: { contact: { phone_number: '+32 470 12 34 56', first_name: 'Marta', last_name: 'K.' } },
    });
    const contact = await eventually(() =>
      replies(parent.ts).find((reply) => shown(reply).includes('Marta')),
    );
    expect(contact.text).toContain('👤 Shared contact: Marta K. · +32 470 12 34 56');
  });

  it('keeps the person’s own contact card out of Slack', async () => {
    await stack.telegram.sendFromPerson({
      chatId: 707,
      firstName: 'Ana',
      fields: { contact: { phone_number: '+40 721 000 111', first_name: 'Ana', user_id: 707 } },
    });
    const parent = await eventually(() => parents()[0]);
    const note = await eventually(() => replies(parent.ts).find((reply) => shown(reply).includes('👤')));
    expect(note.text).toContain('The person shared their own contact card');
    const everything = stack.slack.messages(INBOX).map(shown).join('\n');
    expect(everything).not.toContain('721');
    expect(everything).not.toContain('Ana');
  });

  it('notes stickers, polls and dice instead of staying silent', async () => {
    await stack.telegram.sendFromPerson({
      chatId: 708,
      fields: {
        sticker: {
          file_id: 'CAACAgIAAxkBAAI',
          file_unique_id: 'AgAD',
          type: 'regular',
          width: 512,
          height: 512,
          is_animated: false,
          is_video: false,
          emoji: '😀',
        },
      },
    });
    const parent = await eventually(() => parents()[0]);
    await eventually(() => replies(parent.ts).find((reply) => shown(reply).includes('Sticker 😀')));

    await stack.telegram.sendFromPerson({
      chatId: 708,
      fields: {
        poll: {
          id: '1',
          question: 'Are you safe?',
          options: [
            { text: 'yes', voter_count: 0 },
            { text: 'no', voter_count: 0 },
          ],
          total_voter_count: 0,
          is_closed: false,
          is_anonymous: true,
          type: 'regular',
          allows_multiple_answers: false,
        },
      },
    });
    const poll = await eventually(() => replies(parent.ts).find((reply) => shown(reply).includes('📊 Poll')));
    expect(poll.text).toContain('Are you safe?\n• yes\n• no');

    await stack.telegram.sendFromPerson({ chatId: 708, fields: { dice: { emoji: '🎲', value: 4 } } });
    await eventually(() => replies(parent.ts).find((reply) => shown(reply).includes('🎲 Dice roll: 🎲 4')));
  });

  it('removes the uploaded file from Slack when the person asks to be forgotten', async () => {
    await stack.telegram.sendFromPerson({ chatId: 709, photo: true, text: 'my passport' });
    const thread = await eventually(() => threadOf('my passport'));
    const [upload] = await eventually(() => (uploads(thread).length > 0 ? uploads(thread) : undefined));
    const url = upload!.files![0]!.url_private_download;

    await stack.telegram.sendFromPerson({ chatId: 709, text: '/forget' });
    // The confirmation's "yes" button.
    const confirm = await eventually(() =>
      stack.telegram.sentTo(709).find((m) => buttonData(m).some((data) => data.endsWith(':yes'))),
    );
    await stack.telegram.sendFromPerson({
      chatId: 709,
      callbackData: buttonData(confirm).find((data) => data.endsWith(':yes'))!,
      callbackMessageId: confirm.message_id,
    });

    await eventually(async () => {
      const response = await fetch(url, { headers: { authorization: `Bearer ${SLACK_TOKEN}` } });
      return response.status === 404;
    });
    expect(stack.slack.calls.some((call) => call.method === 'files.delete')).toBe(true);
  });

  it('retries a failed upload and uploads the file once', async () => {
    stack.slack.failNext('files.completeUploadExternal', { status: 500 });
    await stack.telegram.sendFromPerson({
      chatId: 710,
      text: 'payslip',
      file: { kind: 'document', bytes: PDF, fileName: 'payslip.pdf', mimeType: 'application/pdf' },
    });

    const thread = await eventually(() => threadOf('payslip'));
    await eventually(() => uploads(thread).length === 1);
    await settle();
    expect(uploads(thread)).toHaveLength(1);
    // The message itself was posted once, before the file.
    expect(replies(thread).filter((reply) => shown(reply).includes('📄 Document'))).toHaveLength(1);
  });

  it('announces a file that turns out too big when Telegram did not say its size', async () => {
    // Telegram holds the file; the update about it leaves out file_size, as it may.
    const { update: earlier } = await stack.telegram.sendFromPerson({
      chatId: 799,
      file: { kind: 'document', bytes: new Uint8Array(4), fileName: 'scan.tiff', size: 22 * MB },
    });
    const { file_size: _size, ...document } = earlier.message!.document!;
    const message = {
      ...earlier.message!,
      message_id: 2,
      chat: { id: 711, type: 'private', first_name: 'T' },
    };
    await stack.telegram.deliver({
      update_id: earlier.update_id + 1_000,
      message: {
        ...message,
        from: { id: 711, is_bot: false, first_name: 'T' },
        document,
        caption: 'my scan',
      },
    });

    const thread = await eventually(() => threadOf('my scan'));
    const notice = await eventually(() =>
      replies(thread).find((reply) => shown(reply).includes('could not be fetched')),
    );
    expect(notice.text).toContain('The document the person sent could not be fetched');
    expect(notice.text).toContain('at most 20 MB');
    await settle();
    expect(uploads(thread)).toEqual([]);
  });
});
