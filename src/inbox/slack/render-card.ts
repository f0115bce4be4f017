import type {
  ActionsBlock,
  Button,
  ConfirmationDialog,
  KnownBlock,
  MrkdwnElement,
  SectionBlock,
} from '@slack/web-api';
import type { CaseCard } from '../../core/inbox/case-card.js';
import type { Texts } from '../../core/index.js';
import { languageInfo } from '../../i18n/languages.js';
import { cannedMenuBlock } from './canned-menu.js';
import { actionIdOf, buttonsFor, type CardButton } from './card-actions.js';
import { type InboxWords, inboxWords } from './card-text.js';
import { escapeMrkdwn, userMention } from './mrkdwn.js';

/** Slack's limit of fields in one section block. */
const FIELDS_PER_SECTION = 10;

export interface SlackCard {
  /** The notification and fallback text. */
  text: string;
  blocks: KnownBlock[];
}

/**
 * The case card, the parent message of a case's thread. A CaseCard holds codes and ids only, never
 * anything the person typed; still, every value is escaped before it meets mrkdwn, so a code that
 * somehow carried `<!channel>` would show as text. The only markup is Haven's own: bold labels, a
 * caseworker mention and a date Slack shows in each reader's time zone.
 */
export function renderCaseCard(card: CaseCard, texts: Texts, inboxLanguage: string): SlackCard {
  const words = inboxWords(texts, inboxLanguage);
  const status = words.label('card:status', card.status);
  const summaryKey = card.urgent ? 'card:summaryUrgent' : 'card:summary';
  const sections = chunk(cardFields(card, words), FIELDS_PER_SECTION).map(
    (fields): SectionBlock => ({ type: 'section', fields }),
  );
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: 'case-card-actions',
    elements: buttonsFor(card).map((button) => cardButton(button, card, words)),
  };
  const cannedMenu = cannedMenuBlock(card, words);
  return {
    text: escapeMrkdwn(words.t(summaryKey, { alias: card.alias, status })),
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: card.urgent ? `🚨 ${card.alias}` : card.alias, emoji: true },
      },
      ...sections,
      actions,
      ...(cannedMenu ? [cannedMenu] : []),
    ],
  };
}

function cardFields(card: CaseCard, words: InboxWords): MrkdwnElement[] {
  const field = (name: string, mrkdwnValue: string): MrkdwnElement => ({
    type: 'mrkdwn',
    text: `*${escapeMrkdwn(words.t(`card:field.${name}`))}*\n${mrkdwnValue}`,
  });
  const plain = (text: string) => escapeMrkdwn(text);
  const fields = [field('status', plain(words.label('card:status', card.status)))];
  if (card.urgent) {
    const reason = words.label('inbox:urgentReason', card.urgent);
    fields.push(field('urgent', plain(words.t('card:urgent', { reason }))));
  }
  fields.push(field('language', plain(languageLine(card.language, words))));
  if (card.role) fields.push(field('role', plain(words.label('inbox:role', card.role))));
  if (card.region) {
    const region = words.label('inbox:region', card.region);
    const centre = card.centre ?? words.t('inbox:summary.defaultInbox');
    fields.push(field('region', plain(words.t('card:regionCentre', { region, centre }))));
  }
  if (card.minor) fields.push(field('minor', plain(words.label('card:minor', card.minor))));
  if (card.triage) {
    const { level, indicators, forms } = card.triage;
    fields.push(field('triage', plain(words.label('inbox:triage', level))));
    if (indicators.length > 0) {
      const names = indicators.map((code) => words.label('inbox:indicator', code));
      fields.push(field('indicators', plain(names.join(', '))));
    }
    if (forms.length > 0) {
      fields.push(field('forms', plain(forms.map((code) => words.label('inbox:form', code)).join(', '))));
    }
  }
  fields.push(field('assignee', card.assignee ? mention(card.assignee) : plain(words.t('card:nobody'))));
  fields.push(field('mode', plain(words.label('card:mode', card.mode))));
  fields.push(
    field(
      'lastMessage',
      card.lastPersonMessageAt === null
        ? plain(words.t('card:noMessageYet'))
        : slackDate(card.lastPersonMessageAt),
    ),
  );
  if (card.silentMode) fields.push(field('silentMode', plain(words.t('card:silentMode'))));
  if (card.consent !== 'given')
    fields.push(field('consent', plain(words.label('card:consent', card.consent))));
  if (card.resumeCode) fields.push(field('resumeCode', plain(words.t('card:resumeCode'))));
  return fields;
}

function languageLine(code: string, words: InboxWords): string {
  const info = languageInfo(code);
  if (!info) return code;
  return words.t('card:language', { code, nativeName: info.nativeName, englishName: info.englishName });
}

function cardButton(button: CardButton, card: CaseCard, words: InboxWords): Button {
  return {
    type: 'button',
    action_id: actionIdOf(button),
    text: { type: 'plain_text', text: words.t(`card:button.${button}`), emoji: true },
    // Only for showing the case's name in the close dialog; the thread, not this value, says which case.
    value: String(card.caseNumber),
    ...(button === 'assign' ? { style: 'primary' as const } : {}),
    ...(button === 'urgent' ? { style: 'danger' as const } : {}),
    ...(button === 'revoke_resume_code' ? { confirm: revokeConfirmation(words) } : {}),
  };
}

/** Revoking cannot be undone by the team (only the person can ask for a new code): Slack asks first. */
function revokeConfirmation(words: InboxWords): ConfirmationDialog {
  const plainText = (key: string) => ({ type: 'plain_text' as const, text: words.t(key) });
  return {
    title: plainText('card:revokeConfirm.title'),
    text: plainText('card:revokeConfirm.text'),
    confirm: plainText('card:revokeConfirm.confirm'),
    deny: plainText('card:revokeConfirm.deny'),
    style: 'danger',
  };
}

/** The caseworker (a Slack user, never the person) as a mention; an unexpected id stays plain text. */
function mention(userId: string): string {
  return userMention(userId) ?? escapeMrkdwn(userId);
}

/**
 * A moment as Slack's date token, which each reader sees in their own time zone ("Yesterday 14:03");
 * clients that cannot show it fall back to UTC.
 */
export function slackDate(epochMs: number): string {
  const seconds = Math.floor(epochMs / 1000);
  const fallback = `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${seconds}^{date_short_pretty} {time}|${fallback}>`;
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
