import { serve } from '@hono/node-server';
import { WebClient } from '@slack/web-api';
import { Bot, GrammyError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack, FakeTelegram } from '../../src/sandbox/index.js';

const TELEGRAM_TOKEN = '123456789:TEST-token-for-the-fake-telegram-api';
const SLACK_TOKEN = 'xoxb-fake-files';
const MB = 1024 * 1024;

type Served = ReturnType<typeof serve>;

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ server: Served; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    );
  });
}

const close = (server: Served) => new Promise((resolve) => server.close(resolve));

/** The fakes' files, as Haven's attachment tests use them: through the real grammY and web-api clients. */
describe('files in the fake Telegram', () => {
  let telegram: FakeTelegram;
  let served: { server: Served; url: string };
  let bot: Bot;
  beforeEach(async () => {
    telegram = new FakeTelegram({ token: TELEGRAM_TOKEN });
    served = await listen(telegram.app.fetch);
    bot = new Bot(TELEGRAM_TOKEN, { client: { apiRoot: served.url } });
  });
  afterEach(() => close(served.server));

  it('sends a person’s document, served by getFile and the file URL with its bytes', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.4');
    const { update } = await telegram.sendFromPerson({
      chatId: 5,
      text: 'my contract',
      file: { kind: 'document', bytes, fileName: 'contract.pdf', mimeType: 'application/pdf' },
    });
    const document = update.message!.document!;
    expect(document).toMatchObject({ file_name: 'contract.pdf', mime_type: 'application/pdf', file_size: 8 });
    expect(update.message!.caption).toBe('my contract');
    const file = await bot.api.getFile(document.file_id);
    const download = await fetch(`${served.url}/file/bot${TELEGRAM_TOKEN}/${file.file_path}`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    expect(telegram.file(document.file_id)).toMatchObject({ fileName: 'contract.pdf', bytes });
  });

  it('describes each kind as Telegram does: a GIF is also a document, a round video has no type', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const gif = await telegram.sendFromPerson({
      chatId: 5,
      file: { kind: 'animation', bytes, fileName: 'a.mp4' },
    });
    expect(gif.update.message!.animation).toMatchObject({ file_name: 'a.mp4', mime_type: 'video/mp4' });
    expect(gif.update.message!.document).toBeDefined();
    const round = await telegram.sendFromPerson({ chatId: 5, file: { kind: 'video_note', bytes } });
    expect(round.update.message!.video_note).toMatchObject({ length: 240, file_size: 3 });
    expect(round.update.message!.video_note).not.toHaveProperty('mime_type');
  });

  it('refuses getFile for a file over 20 MB, as Telegram refuses bots', async () => {
    const { update } = await telegram.sendFromPerson({
      chatId: 5,
      file: { kind: 'video', bytes: new Uint8Array(4), size: 21 * MB },
    });
    expect(update.message!.video!.file_size).toBe(21 * MB);
    const error = await bot.api.getFile(update.message!.video!.file_id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).description).toBe('Bad Request: file is too big');
  });

  it('sends other message fields as given, such as a location, instead of text', async () => {
    const { update } = await telegram.sendFromPerson({
      chatId: 5,
      fields: { location: { latitude: 51.2, longitude: 4.4 } },
    });
    expect(update.message).toMatchObject({ location: { latitude: 51.2, longitude: 4.4 } });
    expect(update.message!.text).toBeUndefined();
  });
});

describe('files in the fake Slack', () => {
  let slack: FakeSlack;
  let served: { server: Served; url: string };
  let client: WebClient;
  const events: Record<string, unknown>[] = [];
  let receiver: { server: Served; url: string };
  beforeEach(async () => {
    slack = new FakeSlack({ botToken: SLACK_TOKEN, signingSecret: 'secret' });
    served = await listen(slack.app.fetch);
    slack.publicUrl = served.url;
    client = new WebClient(SLACK_TOKEN, { slackApiUrl: `${served.url}/api/`, retryConfig: { retries: 0 } });
    events.length = 0;
    receiver = await listen(async (request) => {
      events.push((await request.json()) as Record<string, unknown>);
      return new Response('');
    });
    slack.eventsUrl = receiver.url;
  });
  afterEach(async () => {
    await close(served.server);
    await close(receiver.server);
  });

  it('reports the size a test gives a caseworker’s file, and sends the same event again on redeliver', async () => {
    const parent = await client.chat.postMessage({ channel: 'C1', text: 'Case 1' });
    const { eventId } = await slack.postAsUser({
      channel: 'C1',
      threadTs: parent.ts!,
      text: 'the recording',
      files: [{ name: 'big.mp4', mimetype: 'video/mp4', content: new Uint8Array(2), size: 60 * MB }],
    });
    expect((events[0]!.event as { files: { size: number }[] }).files[0]!.size).toBe(60 * MB);
    await slack.redeliver(eventId, 1);
    expect(events).toHaveLength(2);
    expect(events[1]).toEqual(events[0]);
  });

  it('deletes an uploaded file with files.delete: its message goes, its URL answers 404', async () => {
    const parent = await client.chat.postMessage({ channel: 'C1', text: 'Case 1' });
    await client.filesUploadV2({
      channel_id: 'C1',
      thread_ts: parent.ts!,
      file: Buffer.from('photo'),
      filename: 'photo.jpg',
    });
    const [, shared] = slack.thread('C1', parent.ts!);
    const file = shared!.files![0]!;
    await client.files.delete({ file: file.id });

    expect(slack.thread('C1', parent.ts!)[1]).toMatchObject({ deleted: true });
    const download = await fetch(file.url_private_download, {
      headers: { authorization: `Bearer ${SLACK_TOKEN}` },
    });
    expect(download.status).toBe(404);
    const again = await client.files.delete({ file: file.id }).catch((caught: unknown) => caught);
    expect((again as { data?: { error?: string } }).data?.error).toBe('file_not_found');
  });
});
