import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type BuiltWorker,
  buildWorker,
  eventually,
  type Fakes,
  freshDatabase,
  INBOX,
  type RunningWorker,
  removeBuild,
  SLACK_TOKEN,
  settle,
  setUpTelegram,
  startFakes,
  startWorker,
  testVariables,
} from './harness.js';

/**
 * Files both ways on Workers: the fetch-based Slack adapter uploads and downloads them, grammY sends them,
 * inside workerd with D1, against the fake Telegram and Slack (as test/e2e/*-attachments tests do on Node).
 */
let built: BuiltWorker;
let fakes: Fakes;

beforeAll(async () => {
  [built, fakes] = await Promise.all([buildWorker(), startFakes()]);
}, 60_000);

afterAll(async () => {
  await fakes?.close();
  removeBuild(built);
});

const PDF = new TextEncoder().encode('%PDF-1.4\n% a payslip\n%%EOF\n');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const parents = () => fakes.slack.messages(INBOX).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
const replies = (parentTs: string) => fakes.slack.thread(INBOX, parentTs).slice(1);

describe('files on Workers', () => {
  let worker: RunningWorker;

  beforeEach(async () => {
    fakes.telegram.reset();
    fakes.slack.reset();
    worker = await startWorker(built, freshDatabase(built), testVariables(fakes));
    fakes.slack.eventsUrl = `${worker.url}/slack/events`;
    expect((await setUpTelegram(worker)).status).toBe(200);
  });
  afterEach(async () => {
    await worker?.stop();
  });

  it('uploads a person’s document into the case thread, and sends a caseworker’s image to the person', async () => {
    await fakes.telegram.sendFromPerson({
      chatId: 801,
      text: 'my payslip',
      file: { kind: 'document', bytes: PDF, fileName: 'payslip.pdf', mimeType: 'application/pdf' },
    });
    const parent = await eventually(() => parents()[0]);
    const upload = await eventually(() => replies(parent.ts).find((m) => m.files?.length));
    expect(upload.files![0]).toMatchObject({ name: 'payslip.pdf' });
    const downloaded = await fetch(upload.files![0]!.url_private_download, {
      headers: { authorization: `Bearer ${SLACK_TOKEN}` },
    });
    expect(new Uint8Array(await downloaded.arrayBuffer())).toEqual(PDF);

    const { ts } = await fakes.slack.postAsUser({
      channel: INBOX,
      threadTs: parent.ts,
      user: 'U0CASEWORKER',
      text: 'our office',
      files: [{ name: 'map.png', mimetype: 'image/png', content: PNG }],
    });
    const photo = await eventually(() => fakes.telegram.sentTo(801).find((m) => m.method === 'sendPhoto'));
    expect(photo.caption).toBe('our office');
    expect(fakes.telegram.file(photo.file_id!)?.bytes).toEqual(PNG);
    await eventually(() =>
      fakes.slack
        .messages(INBOX)
        .find((m) => m.ts === ts)
        ?.reactions.includes('white_check_mark'),
    );
    await settle();
    expect(replies(parent.ts).filter((m) => m.files?.length && m.user === 'U0HAVENBOT')).toHaveLength(1);
    expect(fakes.telegram.violations).toEqual([]);
    expect(fakes.slack.violations).toEqual([]);
  });
});
