import { afterEach, describe, expect, it } from 'vitest';
import { FakeLibreTranslate } from '../../src/sandbox/fake-libretranslate.js';
import { eventually, INBOX, type Stack, settle, startStack } from '../support/stack.js';
import { listen, type Served } from '../translation/serve.js';

const MB = 1024 * 1024;
/** A PNG signature and a few bytes: enough to travel as an image. */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const PDF = new TextEncoder().encode('%PDF-1.4\n% a leaflet about your rights\n%%EOF\n');
const CASEWORKER = 'U0CASEWORKER';

/** Files a caseworker posts in a case thread reach the person under the same rules as text. */
describe('files from a caseworker', () => {
  let stack: Stack;
  let service: Served | undefined;
  afterEach(async () => {
    await stack.stop();
    await service?.close();
    service = undefined;
  });

  /** A case for chat 42, with its thread open; returns the thread's ts. */
  async function openCase(
    options: { replyMode?: 'auto' | 'explicit'; language?: string; env?: Record<string, string> } = {},
  ): Promise<string> {
    stack = await startStack({ env: { HAVEN_REPLY_MODE: options.replyMode ?? 'auto', ...options.env } });
    await stack.telegram.sendFromPerson({
      chatId: 42,
      text: 'I need help',
      languageCode: options.language ?? 'en',
    });
    const parent = await eventually(() => stack.slack.messages(INBOX)[0]);
    await eventually(() => stack.telegram.sentTo(42).length >= 1);
    return parent.ts;
  }
  const files = () => stack.telegram.sentTo(42).filter((m) => m.method !== 'sendMessage');
  const bytesOf = (fileId: string | undefined) => stack.telegram.file(fileId ?? '')?.bytes;
  const reactionsOf = (ts: string) => stack.slack.messages(INBOX).find((m) => m.ts === ts)?.reactions ?? [];
  /** A caseworker's message with a PDF and a picture, and "two documents" as its text. */
  const postTwoFiles = (thread: string) =>
    stack.slack.postAsUser({
      channel: INBOX,
      threadTs: thread,
      user: CASEWORKER,
      text: 'two documents',
      files: [
        { name: 'one.pdf', mimetype: 'application/pdf', content: PDF },
        { name: 'two.png', mimetype: 'image/png', content: PNG },
      ],
    });
  const threadText = (threadTs: string) =>
    stack.slack
      .thread(INBOX, threadTs)
      .map((m) => m.text)
      .join('\n');

  it('sends an image with sendPhoto, with the message as its caption, and marks it ✅', async () => {
    const thread = await openCase();
    const { ts } = await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: thread,
      user: CASEWORKER,
      text: 'This is the address of our office',
      files: [{ name: 'map.png', mimetype: 'image/png', content: PNG }],
    });

    const [sent] = await eventually(() => (files().length > 0 ? files() : undefined));
    expect(sent).toMatchObject({
      method: 'sendPhoto',
      caption: 'This is the address of our office',
      protect_content: true,
    });
    expect(bytesOf(sent!.file_id)).toEqual(PNG);
    await eventually(() => reactionsOf(ts).includes('white_check_mark'));
    expect(stack.telegram.violations).toEqual([]);
    expect(stack.slack.violations).toEqual([]);
  });

  it('sends a PDF with sendDocument, with its name and exact bytes', async () => {
    const thread = await openCase();
    await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: thread,
      user: CASEWORKER,
      text: '',
      files: [{ name: 'your-rights.pdf', mimetype: 'application/pdf', content: PDF }],
    });

    const [sent] = await eventually(() => (files().length > 0 ? files() : undefined));
    expect(sent!.method).toBe('sendDocument');
    expect(sent!.caption).toBeUndefined();
    expect(stack.telegram.file(sent!.file_id!)).toMatchObject({ fileName: 'your-rights.pdf', bytes: PDF });
  });

  it('refuses a file over Telegram’s 50 MB for bots: ⚠️, the reason in the thread, nothing sent', async () => {
    const thread = await openCase();
    const { ts } = await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: thread,
      user: CASEWORKER,
      text: 'the recording',
      files: [{ name: 'hearing.mp4', mimetype: 'video/mp4', content: new Uint8Array(8), size: 62 * MB }],
    });

    await eventually(() => reactionsOf(ts).includes('warning'));
    await eventually(() => threadText(thread).includes('hearing.mp4'));
    expect(threadText(thread)).toContain('the file “hearing.mp4” is 62 MB');
    expect(threadText(thread)).toContain('only up to 50 MB');
    await settle();
    expect(files()).toEqual([]);
    expect(stack.telegram.sentTo(42).map((m) => m.text)).not.toContain('the recording');
    expect(reactionsOf(ts)).not.toContain('white_check_mark');
  });

  it('never sends a file posted as an internal note', async () => {
    const thread = await openCase();
    const { ts } = await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: thread,
      user: CASEWORKER,
      text: 'note: her passport scan, for the file',
      files: [{ name: 'passport.png', mimetype: 'image/png', content: PNG }],
    });

    await eventually(() => reactionsOf(ts).includes('memo'));
    await settle();
    expect(files()).toEqual([]);
  });

  it('in explicit mode sends a file only when the message starts by mentioning Haven', async () => {
    const thread = await openCase({ replyMode: 'explicit' });
    const quiet = await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: thread,
      user: CASEWORKER,
      text: 'draft leaflet',
      files: [{ name: 'draft.pdf', mimetype: 'application/pdf', content: PDF }],
    });
    await eventually(() => reactionsOf(quiet.ts).includes('memo'));

    const sent = await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: thread,
      user: CASEWORKER,
      text: '<@U0HAVENBOT> here is the leaflet',
      files: [{ name: 'leaflet.pdf', mimetype: 'application/pdf', content: PDF }],
    });
    const [document] = await eventually(() => (files().length > 0 ? files() : undefined));
    expect(document).toMatchObject({ method: 'sendDocument', caption: 'here is the leaflet' });
    expect(stack.telegram.file(document!.file_id!)?.fileName).toBe('leaflet.pdf');
    await eventually(() => reactionsOf(sent.ts).includes('white_check_mark'));
    await settle();
    expect(files()).toHaveLength(1);
  });

  it('sends a file once when Slack delivers the event again', async () => {
    const thread = await openCase();
    const { eventId } = await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: thread,
      user: CASEWORKER,
      text: 'the form',
      files: [{ name: 'form.pdf', mimetype: 'application/pdf', content: PDF }],
    });
    expect((await stack.slack.redeliver(eventId, 1)).status).toBe(200);
    expect((await stack.slack.redeliver(eventId, 2)).status).toBe(200);

    await eventually(() => files().length === 1);
    await settle(500);
    expect(files()).toHaveLength(1);
  });

  it('sends every file of a message, the text with the first', async () => {
    const thread = await openCase();
    await postTwoFiles(thread);

    await eventually(() => files().length === 2);
    expect(files().map((m) => [m.method, m.caption])).toEqual([
      ['sendDocument', 'two documents'],
      ['sendPhoto', undefined],
    ]);
  });

  it('deletes every file of a message from the phone when the caseworker deletes the message', async () => {
    const thread = await openCase();
    const { ts } = await postTwoFiles(thread);
    await eventually(() => files().length === 2);

    await stack.slack.deleteAsUser({ channel: INBOX, ts });
    await eventually(() => files().every((m) => m.deleted));
    await eventually(() => threadText(thread).includes('deleted it from the person'));
  });

  it('sends the file once when Telegram fails the first try, then marks it ✅', async () => {
    const thread = await openCase();
    stack.telegram.failNext('sendDocument', { error_code: 502, description: 'Bad Gateway' });
    const { ts } = await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: thread,
      user: CASEWORKER,
      text: 'the form again',
      files: [{ name: 'form.pdf', mimetype: 'application/pdf', content: PDF }],
    });

    await eventually(() => reactionsOf(ts).includes('white_check_mark'));
    expect(stack.telegram.calls.filter((call) => call.method === 'sendDocument')).toHaveLength(2);
    await settle();
    expect(files()).toHaveLength(1);
    expect(bytesOf(files()[0]!.file_id)).toEqual(PDF);
  });

  it('translates the caption like any reply, and the thread shows what was sent', async () => {
    service = await listen(new FakeLibreTranslate().app.fetch);
    const thread = await openCase({
      language: 'ro',
      env: { TRANSLATION_PROVIDER: 'libretranslate', LIBRETRANSLATE_URL: service.url },
    });
    await stack.slack.postAsUser({
      channel: INBOX,
      threadTs: thread,
      user: CASEWORKER,
      text: 'Our address is on the map',
      files: [{ name: 'map.png', mimetype: 'image/png', content: PNG }],
    });

    const [photo] = await eventually(() => (files().length > 0 ? files() : undefined));
    expect(photo!.method).toBe('sendPhoto');
    expect(photo!.caption).toContain('Our address is on the map');
    expect(photo!.caption).not.toBe('Our address is on the map');
    await eventually(() => threadText(thread).includes('Sent to the person in ro'));
  });
});
