import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { renderPage } from './page/layout.js';
import { type Playground, PlaygroundError } from './playground.js';
import { renderInbox } from './render/inbox.js';
import { renderPhone, renderReplyKeyboard } from './render/phone.js';
import { inboxView, phoneView, summarise } from './view.js';

/**
 * The playground over HTTP: the page at `/`, and a small JSON API under `/playground/api/` that the page
 * (and the tests) use. Every action answers after the fake platform got Haven's answer to it.
 */

export const API = '/playground/api';

const chatId = z.number().int().positive();
const schemas = {
  message: z.object({ chatId: chatId.optional(), text: z.string() }),
  photo: z.object({ chatId: chatId.optional(), caption: z.string().optional() }),
  tap: z.object({
    chatId: chatId.optional(),
    messageId: z.number().int().positive(),
    callbackData: z.string().min(1),
  }),
  newPerson: z.object({ firstName: z.string().max(64).optional(), languageCode: z.string().optional() }),
  select: z.object({ chatId }),
  language: z.object({ chatId: chatId.optional(), languageCode: z.string() }),
  reply: z.object({
    channel: z.string().min(1),
    threadTs: z.string().min(1),
    text: z.string(),
    toPerson: z.boolean().default(true),
  }),
  press: z.object({ channel: z.string().min(1), ts: z.string().min(1), actionId: z.string().min(1) }),
  choose: z.object({
    channel: z.string().min(1),
    ts: z.string().min(1),
    actionId: z.string().min(1),
    value: z.string().min(1),
  }),
  dialogSubmit: z.object({
    viewId: z.string().min(1),
    /** As Slack reports a modal's state: block_id → action_id → the element's state. */
    values: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))).default({}),
  }),
  dialogPress: z.object({ viewId: z.string().min(1), actionId: z.string().min(1) }),
  dialog: z.object({ viewId: z.string().min(1) }),
  play: z.object({ stepDelayMs: z.number().int().min(0).max(60_000).default(1500) }),
  empty: z.object({}),
};

export function playgroundRoutes(playground: Playground): Hono {
  const app = new Hono();

  app.get('/', (c) => {
    const phone = phoneView(playground);
    return c.html(
      renderPage({
        version: playground.version,
        activeChatId: playground.activeChatId,
        people: playground.people().map(summarise),
        scenarios: playground.scenarios,
        phoneHtml: renderPhone(phone),
        replyKeyboardHtml: renderReplyKeyboard(phone),
        inboxHtml: renderInbox(inboxView(playground), playground.activeChatId),
      }).value,
    );
  });

  /** The rendered panes, or 204 while nothing changed since the version the page has. */
  app.get(`${API}/view`, (c) => {
    const since = Number(c.req.query('since'));
    if (since === playground.version) return c.body(null, 204);
    const phone = phoneView(playground);
    return c.json({
      version: playground.version,
      activeChatId: playground.activeChatId,
      people: playground.people().map(summarise),
      run: playground.run ?? null,
      phoneHtml: renderPhone(phone).value,
      replyKeyboardHtml: renderReplyKeyboard(phone).value,
      inboxHtml: renderInbox(inboxView(playground), playground.activeChatId).value,
    });
  });

  /** Everything as data: the same view models the panes are rendered from. */
  app.get(`${API}/state`, (c) =>
    handle(c, () => {
      const requested = c.req.query('chatId');
      return {
        version: playground.version,
        activeChatId: playground.activeChatId,
        people: playground.people().map(summarise),
        phone: phoneView(playground, requested ? Number(requested) : playground.activeChatId),
        inbox: inboxView(playground),
        run: playground.run ?? null,
        scenarios: playground.scenarios.map(({ id, title, summary }) => ({ id, title, summary })),
      };
    }),
  );

  /** A POST action: its body checked against `schema`, then `run`. */
  const action = <T extends z.ZodType>(path: string, schema: T, run: (input: z.infer<T>) => unknown) =>
    app.post(`${API}${path}`, (c) => handle(c, async () => run(await read(c, schema))));

  action('/person/message', schemas.message, async (input) => {
    const sent = await playground.sendText(input.chatId ?? playground.activeChatId, input.text);
    return { messageId: sent.messageId, status: sent.status, ...deliveryNotice(sent.status, 'message') };
  });

  action('/person/photo', schemas.photo, async (input) => {
    const sent = await playground.sendPhoto(input.chatId ?? playground.activeChatId, input.caption);
    return { messageId: sent.messageId, status: sent.status, ...deliveryNotice(sent.status, 'photo') };
  });

  action('/person/tap', schemas.tap, async (input) => {
    const target = input.chatId ?? playground.activeChatId;
    const { status } = await playground.tap(target, input.messageId, input.callbackData);
    return { status, ...deliveryNotice(status, 'button press') };
  });

  action('/person/new', schemas.newPerson, (input) =>
    summarise(
      playground.newPerson({
        ...(input.firstName !== undefined ? { firstName: input.firstName } : {}),
        ...(input.languageCode !== undefined ? { languageCode: input.languageCode } : {}),
      }),
    ),
  );

  action('/person/select', schemas.select, (input) => {
    playground.selectPerson(input.chatId);
    return { chatId: input.chatId };
  });

  action('/person/language', schemas.language, (input) => {
    const target = input.chatId ?? playground.activeChatId;
    playground.setLanguage(target, input.languageCode);
    return summarise(playground.person(target));
  });

  action('/inbox/reply', schemas.reply, async (input) => {
    const { status } = await playground.replyInThread(input.channel, input.threadTs, input.text, {
      toPerson: input.toPerson,
    });
    return { status, ...slackNotice(status) };
  });

  action('/inbox/press', schemas.press, async (input) => {
    const press = { channel: input.channel, messageTs: input.ts, actionId: input.actionId };
    const { status } = await playground.pressButton(press);
    return { status, ...slackNotice(status) };
  });

  action('/inbox/choose', schemas.choose, async (input) => {
    const choice = {
      channel: input.channel,
      messageTs: input.ts,
      actionId: input.actionId,
      value: input.value,
    };
    const { status } = await playground.chooseOption(choice);
    return { status, ...slackNotice(status) };
  });

  action('/inbox/dialog/submit', schemas.dialogSubmit, async (input) => {
    const { status } = await playground.submitDialog(input.viewId, input.values);
    return { status, ...slackNotice(status) };
  });

  action('/inbox/dialog/press', schemas.dialogPress, async (input) => {
    const { status } = await playground.pressDialogButton(input.viewId, input.actionId);
    return { status, ...slackNotice(status) };
  });

  action('/inbox/dialog/close', schemas.dialog, async (input) => {
    await playground.closeDialog(input.viewId);
    return {};
  });

  action('/reset', schemas.empty, async () => {
    await playground.reset();
    return { chatId: playground.activeChatId };
  });

  app.get(`${API}/scenarios`, (c) =>
    c.json(playground.scenarios.map(({ id, title, summary, person }) => ({ id, title, summary, person }))),
  );

  app.post(`${API}/scenarios/:id/play`, (c) =>
    handle(c, async () => {
      const input = await read(c, schemas.play);
      return playground.playScenario(c.req.param('id'), { stepDelayMs: input.stepDelayMs });
    }),
  );

  action('/scenarios/stop', schemas.empty, () => {
    playground.stopScenario();
    return { stopped: true };
  });

  return app;
}

/** Runs an action; a PlaygroundError (bad or stale input) is the user's to read, answered with 400. */
async function handle(c: Context, action: () => unknown): Promise<Response> {
  try {
    return c.json((await action()) ?? {});
  } catch (error) {
    if (error instanceof PlaygroundError) return c.json({ error: error.message }, 400);
    throw error;
  }
}

async function read<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const body: unknown = await c.req.json().catch(() => ({}));
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
  throw new PlaygroundError(problems.join('; '));
}

function deliveryNotice(status: number | undefined, what: string): { notice?: string } {
  if (status === undefined) {
    return {
      notice: `Haven did not receive the ${what}: it has not asked Telegram for this kind of update${
        what === 'button press' ? ' (callback_query)' : ''
      }.`,
    };
  }
  if (status >= 300) return { notice: `Haven's Telegram webhook answered HTTP ${status} to the ${what}.` };
  return {};
}

function slackNotice(status: number): { notice?: string } {
  return status >= 300 ? { notice: `Haven's Slack route answered HTTP ${status}` } : {};
}
