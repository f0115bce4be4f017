/**
 * Cuts the two machine-readable platform references down to what the sandbox fakes check requests
 * against, and copies their licences next to the result:
 *
 *   npx tsx scripts/extract-api-specs.ts [folder with the full references, default ../shared/specs]
 *
 * Run by hand when a reference is updated; the output in src/sandbox/specs is committed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_DIR = resolve(process.argv[2] ?? '../shared/specs');
const TARGET_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'sandbox', 'specs');

// ---------------------------------------------------------------------------------------------------------
// Telegram Bot API

interface TelegramField {
  name: string;
  types: string[];
  required: boolean;
}
interface TelegramEntry {
  fields?: TelegramField[];
}
interface TelegramReference {
  version: string;
  release_date: string;
  methods: Record<string, TelegramEntry>;
  types: Record<string, TelegramEntry>;
}

/** The reply_markup types: the fake checks keyboards against their real field lists. */
const TELEGRAM_MARKUP_TYPES = [
  'InlineKeyboardMarkup',
  'InlineKeyboardButton',
  'ReplyKeyboardMarkup',
  'KeyboardButton',
  'ReplyKeyboardRemove',
  'ForceReply',
];

/** Required and allowed field names of one method or type. */
function fieldNames(entry: TelegramEntry): { required: string[]; fields: string[] } {
  const fields = entry.fields ?? [];
  return {
    required: fields.filter((field) => field.required).map((field) => field.name),
    fields: fields.map((field) => field.name),
  };
}

function extractTelegram(reference: TelegramReference) {
  const methods = Object.fromEntries(
    Object.keys(reference.methods)
      .sort()
      .map((name) => [name, fieldNames(reference.methods[name]!)]),
  );
  const types = Object.fromEntries(
    TELEGRAM_MARKUP_TYPES.map((name) => {
      const type = reference.types[name];
      if (!type) throw new Error(`Telegram reference has no type ${name}`);
      return [name, fieldNames(type)];
    }),
  );
  return {
    source: 'PaulSonOfLars/telegram-bot-api-spec, api.min.json (MIT, see telegram-bot-api.LICENSE)',
    version: reference.version,
    release_date: reference.release_date,
    methods,
    types,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Slack Web API

interface SlackParameter {
  name: string;
  in: string;
  required?: boolean;
}
interface SlackReference {
  info: { version: string };
  paths: Record<string, Record<string, { parameters?: SlackParameter[] }>>;
}

/** The methods Haven and its tests use; only these carry their required arguments. */
const SLACK_CHECKED_METHODS = [
  'chat.postMessage',
  'chat.update',
  'chat.delete',
  'chat.postEphemeral',
  'reactions.add',
  'reactions.remove',
  'auth.test',
  'conversations.info',
  'users.info',
  'views.publish',
  'views.open',
  'views.update',
  'files.info',
  'chat.getPermalink',
];

/**
 * The 2021 reference predates the two-step file upload that replaced files.upload, so these two are
 * added by hand from https://api.slack.com/methods/files.getUploadURLExternal and
 * https://api.slack.com/methods/files.completeUploadExternal.
 */
const SLACK_METHODS_ADDED_BY_HAND: Record<string, string[]> = {
  'files.getUploadURLExternal': ['filename', 'length'],
  'files.completeUploadExternal': ['files'],
};

/**
 * Arguments the reference marks optional one by one though a message needs one of them: Slack answers
 * `no_text` when text, blocks and attachments are all missing.
 */
const SLACK_AT_LEAST_ONE_OF: Record<string, string[][]> = {
  'chat.postMessage': [['text', 'blocks', 'attachments']],
  'chat.postEphemeral': [['text', 'blocks', 'attachments']],
};

/**
 * Required arguments of one method, without `token`: the reference lists it as required almost
 * everywhere, but the Web API client sends it as `Authorization: Bearer`, which the fake checks apart.
 */
function requiredArguments(reference: SlackReference, method: string): string[] {
  const operations = reference.paths[`/${method}`];
  if (!operations) throw new Error(`Slack reference has no method ${method}`);
  const names = Object.values(operations).flatMap((operation) =>
    (operation.parameters ?? []).filter((p) => p.required && p.name !== 'token').map((p) => p.name),
  );
  return [...new Set(names)];
}

function extractSlack(reference: SlackReference) {
  const methods = [
    ...Object.keys(reference.paths).map((path) => path.replace(/^\//, '')),
    ...Object.keys(SLACK_METHODS_ADDED_BY_HAND),
  ];
  const required: Record<string, string[]> = {};
  for (const method of SLACK_CHECKED_METHODS) required[method] = requiredArguments(reference, method);
  Object.assign(required, SLACK_METHODS_ADDED_BY_HAND);
  return {
    source:
      'slackapi/slack-api-specs, web-api/slack_web_openapi_v2_without_examples.json (MIT, see slack-web-api.LICENSE)',
    version: reference.info.version,
    note: 'token is left out of required: the client sends it as Authorization: Bearer. files.getUploadURLExternal and files.completeUploadExternal were added by hand.',
    methods: [...new Set(methods)].sort(),
    required,
    atLeastOneOf: SLACK_AT_LEAST_ONE_OF,
  };
}

// ---------------------------------------------------------------------------------------------------------

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(SOURCE_DIR, file), 'utf8')) as T;
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(join(TARGET_DIR, file), `${JSON.stringify(value, null, 2)}\n`);
  console.log(`wrote ${join(TARGET_DIR, file)}`);
}

writeJson('telegram-methods.json', extractTelegram(readJson<TelegramReference>('telegram-bot-api.json')));
writeJson('slack-methods.json', extractSlack(readJson<SlackReference>('slack-web-api.openapi.json')));
// Copied by content, not with copyFile, so a read-only source does not leave read-only copies behind.
for (const licence of ['telegram-bot-api.LICENSE', 'slack-web-api.LICENSE']) {
  writeFileSync(join(TARGET_DIR, licence), readFileSync(join(SOURCE_DIR, licence)));
}
