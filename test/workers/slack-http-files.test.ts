import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/index.js';
import { caseworkerReplyFrom, isThreadReply, SlackWebApi } from '../../src/inbox/slack-http/index.js';

const API = 'https://slack.com/api/';
const TOKEN = 'xoxb-files';

/** A caseworker's thread message with a file, as the Events API sends it. */
const fileShare = (file: Record<string, unknown>) => ({
  type: 'event_callback',
  event_id: 'EvFILE',
  event: {
    type: 'message',
    subtype: 'file_share',
    channel: 'C0INBOX',
    user: 'U0CW',
    text: '<@U0HAVEN> the leaflet',
    ts: '1700000002.000100',
    thread_ts: '1700000000.000100',
    files: [file],
  },
});

const leaflet = {
  id: 'F0LEAFLET',
  name: 'leaflet.pdf',
  mimetype: 'application/pdf',
  size: 1234,
  url_private_download: 'https://files.slack.com/files-pri/T0-F0LEAFLET/download/leaflet.pdf',
};

describe('a caseworker’s file on Workers', () => {
  const inbox = new Set(['C0INBOX']);

  it('takes a file_share thread message as a reply with its files', () => {
    expect(isThreadReply(fileShare(leaflet), inbox)).toBe(true);
    expect(caseworkerReplyFrom(fileShare(leaflet), inbox, 'U0HAVEN')).toMatchObject({
      text: 'the leaflet',
      addressedToHaven: true,
      files: [
        {
          type: 'file',
          ref: leaflet.url_private_download,
          name: 'leaflet.pdf',
          mime: 'application/pdf',
          size: 1234,
        },
      ],
    });
  });

  it('never takes Haven’s own upload of a person’s file for a reply', () => {
    const own = fileShare(leaflet);
    own.event.user = 'U0HAVEN';
    expect(caseworkerReplyFrom(own, inbox, 'U0HAVEN')).toBeUndefined();
  });

  it('downloads the file with the bot token from Slack', async () => {
    const requests: Request[] = [];
    const api = new SlackWebApi({
      botToken: TOKEN,
      apiUrl: API,
      fetch: async (input, init) => {
        requests.push(new Request(input, init));
        return new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'application/pdf' } });
      },
    });
    const [file] = caseworkerReplyFrom(fileShare(leaflet), inbox, 'U0HAVEN')!.files!;
    const fetched = await api.fetchFile(file!);
    expect(fetched).toEqual({
      bytes: new Uint8Array([1, 2, 3]),
      name: 'leaflet.pdf',
      mime: 'application/pdf',
    });
    expect(requests[0]!.url).toBe(leaflet.url_private_download);
    expect(requests[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('never hands the bot token to an address that is not Slack’s', async () => {
    let called = false;
    const api = new SlackWebApi({
      botToken: TOKEN,
      apiUrl: API,
      fetch: async () => {
        called = true;
        return new Response('');
      },
    });
    for (const url of [
      'https://evil.example/leaflet.pdf',
      'http://files.slack.com/x',
      'https://slack.com.evil.example/x',
    ]) {
      const error = await api
        .fetchFile({ type: 'file', ref: url, name: 'x', mime: null, size: null })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DeliveryError);
      expect((error as DeliveryError).disposition).toBe('permanent');
    }
    expect(called).toBe(false);
  });

  it('recognises Slack’s sign-in page (a token without files:read) instead of sending it as the file', async () => {
    const api = new SlackWebApi({
      botToken: TOKEN,
      apiUrl: API,
      fetch: async () => new Response('<!DOCTYPE html><html>', { headers: { 'content-type': 'text/html' } }),
    });
    const error = await api
      .fetchFile({
        type: 'file',
        ref: leaflet.url_private_download,
        name: 'leaflet.pdf',
        mime: null,
        size: null,
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ disposition: 'permanent' });
    expect((error as DeliveryError).reason).toContain('files:read');
  });

  it('uploads in three steps: an upload address, the bytes, then the share into the thread', async () => {
    const calls: { url: string; type: string | null; body: string }[] = [];
    const api = new SlackWebApi({
      botToken: TOKEN,
      apiUrl: API,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        calls.push({
          url: request.url,
          type: request.headers.get('content-type'),
          body: await request.text(),
        });
        if (request.url.endsWith('files.getUploadURLExternal')) {
          return Response.json({
            ok: true,
            upload_url: 'https://files.slack.com/upload/v1/abc',
            file_id: 'F0NEW',
          });
        }
        if (request.url.endsWith('files.completeUploadExternal'))
          return Response.json({ ok: true, files: [] });
        return new Response('OK - 3');
      },
    });

    const { fileId } = await api.uploadFile({
      channel: 'C0INBOX',
      threadTs: '1700000000.000100',
      bytes: new Uint8Array([7, 8, 9]),
      filename: 'photo.jpg',
    });

    expect(fileId).toBe('F0NEW');
    expect(calls.map((call) => call.url)).toEqual([
      `${API}files.getUploadURLExternal`,
      'https://files.slack.com/upload/v1/abc',
      `${API}files.completeUploadExternal`,
    ]);
    expect(new URLSearchParams(calls[0]!.body).get('length')).toBe('3');
    expect(calls[1]!.body).toBe('\u0007\b\t');
    const completion = new URLSearchParams(calls[2]!.body);
    expect(JSON.parse(completion.get('files')!)).toEqual([{ id: 'F0NEW', title: 'photo.jpg' }]);
    expect(completion.get('thread_ts')).toBe('1700000000.000100');
  });
});
