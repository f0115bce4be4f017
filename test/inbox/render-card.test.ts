import { describe, expect, it } from 'vitest';
import { type CaseCard, caseCard } from '../../src/core/inbox/case-card.js';
import type { Conversation } from '../../src/core/index.js';
import { createTexts } from '../../src/i18n/texts.js';
import { renderCaseCard, slackDate } from '../../src/inbox/slack/render-card.js';

const texts = createTexts();

function card(overrides: Partial<CaseCard> = {}): CaseCard {
  return {
    caseNumber: 427,
    alias: 'Case 0427 · Lotus',
    status: 'open',
    urgent: null,
    language: 'ro',
    role: null,
    region: null,
    centre: null,
    minor: null,
    triage: null,
    assignee: null,
    lastPersonMessageAt: null,
    mode: 'bot',
    silentMode: false,
    consent: 'given',
    resumeCode: false,
    ...overrides,
  };
}

interface Block {
  type: string;
  text?: { type: string; text: string };
  fields?: { type: string; text: string }[];
  elements?: { type: string; action_id: string; text: { text: string }; value?: string; style?: string }[];
}

const blocksOf = (rendered: { blocks: unknown[] }) => rendered.blocks as Block[];
const header = (rendered: { blocks: unknown[] }) => blocksOf(rendered).find((b) => b.type === 'header')?.text;
/** "Label" → mrkdwn value, over every field of the card. */
const fields = (rendered: { blocks: unknown[] }) =>
  new Map(
    blocksOf(rendered)
      .flatMap((b) => b.fields ?? [])
      .map((field) => {
        const [label, ...value] = field.text.split('\n');
        return [label!.replace(/^\*|\*$/g, ''), value.join('\n')] as const;
      }),
  );
const buttons = (rendered: { blocks: unknown[] }) =>
  blocksOf(rendered)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []);
const actionIds = (rendered: { blocks: unknown[] }) => buttons(rendered).map((b) => b.action_id);

describe('the case card', () => {
  it('names the case and shows where it stands, in English', () => {
    const rendered = renderCaseCard(
      card({
        role: 'victim',
        region: 'flanders',
        centre: 'Payoke',
        assignee: 'U0CASEWORKER',
        lastPersonMessageAt: Date.UTC(2025, 4, 1, 14, 3),
      }),
      texts,
      'en',
    );
    expect(header(rendered)).toEqual({ type: 'plain_text', text: 'Case 0427 · Lotus', emoji: true });
    expect(rendered.text).toBe('Case 0427 · Lotus · open');
    expect(Object.fromEntries(fields(rendered))).toEqual({
      Status: 'open',
      Language: 'ro · Română (Romanian)',
      Role: 'possible victim',
      'Region → centre': 'Flanders → Payoke',
      'Assigned to': '<@U0CASEWORKER>',
      'Who answers': 'Haven (automatic)',
      'Last message from the person': `<!date^${Date.UTC(2025, 4, 1, 14, 3) / 1000}^{date_short_pretty} {time}|2025-05-01 14:03 UTC>`,
    });
  });

  it('speaks Dutch when the inbox does', () => {
    const rendered = renderCaseCard(
      card({ status: 'waiting', mode: 'human', region: 'brussels' }),
      texts,
      'nl',
    );
    const shown = fields(rendered);
    expect(shown.get('Status')).toBe('wacht op de persoon');
    expect(shown.get('Wie antwoordt')).toBe('een hulpverlener');
    expect(shown.get('Regio → centrum')).toBe('Brussel → standaardinbox');
    expect(shown.get('Toegewezen aan')).toBe('nog niemand');
    expect(shown.get('Laatste bericht van de persoon')).toBe('nog geen bericht');
    expect(buttons(rendered).map((b) => b.text.text)).toEqual([
      'Antwoorden…',
      'Aan mij toewijzen',
      'Dringend maken',
      'Sluiten',
      'Teruggeven aan Haven',
    ]);
  });

  it('shows urgency with its reason, and triage with indicators and forms', () => {
    const rendered = renderCaseCard(
      card({
        urgent: 'danger_now',
        minor: 'yes',
        triage: {
          flowId: 'screening',
          level: 'high',
          indicators: ['debt_bondage', 'document_retention'],
          forms: ['labour'],
        },
      }),
      texts,
      'en',
    );
    expect(header(rendered)?.text).toBe('🚨 Case 0427 · Lotus');
    expect(rendered.text).toBe('🚨 Case 0427 · Lotus · open');
    const shown = fields(rendered);
    expect(shown.get('Urgent')).toBe('🚨 the person says someone is in danger right now');
    expect(shown.get('Under 18')).toBe('yes');
    expect(shown.get('Triage')).toBe('high');
    expect(shown.get('Indicators')).toBe('debt bondage, documents withheld');
    expect(shown.get('Possible forms of exploitation')).toBe('labour exploitation');
  });

  it('mentions silent mode and the privacy notice only when they differ from the usual', () => {
    const usual = fields(renderCaseCard(card(), texts, 'en'));
    expect(usual.has('Silent mode')).toBe(false);
    expect(usual.has('Privacy notice')).toBe(false);
    const unusual = fields(renderCaseCard(card({ silentMode: true, consent: 'pending' }), texts, 'en'));
    expect(unusual.get('Silent mode')).toMatch(/^on/);
    expect(unusual.get('Privacy notice')).toMatch(/held back/);
  });

  it('offers the buttons that fit the case', () => {
    expect(actionIds(renderCaseCard(card(), texts, 'en'))).toEqual([
      'case:reply',
      'case:assign',
      'case:urgent',
      'case:close',
    ]);
    expect(
      actionIds(renderCaseCard(card({ assignee: 'U0CW', urgent: 'marked', mode: 'human' }), texts, 'en')),
    ).toEqual(['case:reply', 'case:unassign', 'case:not_urgent', 'case:close', 'case:hand_back']);
    expect(actionIds(renderCaseCard(card({ status: 'closed', mode: 'human' }), texts, 'en'))).toEqual([
      'case:reopen',
    ]);
    const labels = buttons(renderCaseCard(card({ mode: 'human' }), texts, 'en')).map((b) => b.text.text);
    expect(labels).toEqual(['Reply…', 'Assign to me', 'Mark urgent', 'Close', 'Hand back to Haven']);
  });

  it('shows that the person holds a resume code, and offers to revoke it after asking', () => {
    const withCode = renderCaseCard(card({ resumeCode: true }), texts, 'en');
    expect(fields(withCode).get('Resume code')).toBe(
      'the person holds one that works (it is never shown here)',
    );
    expect(actionIds(withCode).at(-1)).toBe('case:revoke_resume_code');
    const revoke = buttons(withCode).find((b) => b.text.text === 'Revoke resume code') as unknown as {
      confirm?: { title: { text: string }; confirm: { text: string } };
    };
    expect(revoke.confirm?.title.text).toBe('Revoke the resume code?');
    expect(revoke.confirm?.confirm.text).toBe('Revoke');
    // Closed, the case would accept the code again once reopened: it can still be revoked.
    expect(actionIds(renderCaseCard(card({ status: 'closed', resumeCode: true }), texts, 'en'))).toEqual([
      'case:reopen',
      'case:revoke_resume_code',
    ]);
    const without = renderCaseCard(card(), texts, 'en');
    expect(fields(without).has('Resume code')).toBe(false);
    expect(actionIds(without)).not.toContain('case:revoke_resume_code');
  });

  it('shows a code the locales do not name as the code itself', () => {
    const shown = fields(renderCaseCard(card({ role: 'new_role', language: 'xx' }), texts, 'en'));
    expect(shown.get('Role')).toBe('new_role');
    expect(shown.get('Language')).toBe('xx');
  });

  it('escapes every value, so nothing on the card can ping, link or pose as a mention', () => {
    const hostile = card({
      role: '<!channel>',
      region: '<https://evil.example|click>',
      centre: '<@U0SOMEONE> & co',
      urgent: '<!here>',
      minor: '<!everyone>',
      assignee: '<!channel>',
      triage: { flowId: 'x', level: '<@U1>', indicators: ['<#C1>'], forms: ['<!subteam^S1>'] },
    });
    const rendered = renderCaseCard(hostile, texts, 'en');
    const mrkdwn = [rendered.text, ...blocksOf(rendered).flatMap((b) => (b.fields ?? []).map((f) => f.text))];
    for (const text of mrkdwn) {
      // Haven's own markup is a date token; nothing else may open an angle bracket.
      expect(text.replace(/<!date\^\d+\^[^|>]+\|[^>]+>/g, '')).not.toContain('<');
    }
    expect(fields(rendered).get('Role')).toBe('&lt;!channel&gt;');
    expect(fields(rendered).get('Region → centre')).toBe(
      '&lt;https://evil.example|click&gt; → &lt;@U0SOMEONE&gt; &amp; co',
    );
  });

  it('never shows anything the person typed or anything that identifies them', () => {
    const conversation: Conversation = {
      id: 12,
      version: 3,
      channel: 'telegram',
      chatId: '987654321',
      language: 'ar',
      status: 'open',
      inboxChannel: 'C0INBOX',
      inboxThread: null,
      createdAt: 0,
      lastPersonMessageAt: 1_700_000_000_000,
      mode: 'bot',
      flow: { flowId: 'screening', nodeId: 'region', nonce: 'n0nce-secret' },
      facts: { role: 'victim', region: 'flanders', contact: 'here' },
      urgent: null,
      languageConfirmed: true,
      silenced: false,
      promptNonce: 'prompt-nonce',
      assignee: null,
      silentMode: false,
      consent: 'given',
      triage: null,
      closedAt: null,
      tipsOfferedAt: null,
    } as Conversation;
    const routing = {
      centres: [],
      homeCentre: 'payoke',
      numbers: { emergency: '112', police: '101', reportingLine: '1' },
    };
    const json = JSON.stringify(renderCaseCard(caseCard(conversation, routing), texts, 'en'));
    for (const secret of ['987654321', 'telegram', 'n0nce-secret', 'prompt-nonce']) {
      expect(json).not.toContain(secret);
    }
    expect(json).toContain('Case 0012');
  });

  it('keeps within Slack limits with every field shown', () => {
    const rendered = renderCaseCard(
      card({
        urgent: 'minor',
        role: 'victim',
        region: 'wallonia',
        minor: 'yes',
        triage: { flowId: 's', level: 'urgent', indicators: ['minor', 'violence'], forms: ['sexual'] },
        assignee: 'U0CW',
        lastPersonMessageAt: 1,
        mode: 'human',
        silentMode: true,
        consent: 'declined',
      }),
      texts,
      'en',
    );
    for (const block of blocksOf(rendered)) expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
    expect(fields(rendered).size).toBe(14);
  });
});

describe('slackDate', () => {
  it('lets Slack show the time in each reader’s zone, with a UTC fallback', () => {
    expect(slackDate(Date.UTC(2024, 11, 31, 23, 59, 30))).toBe(
      `<!date^${Math.floor(Date.UTC(2024, 11, 31, 23, 59, 30) / 1000)}^{date_short_pretty} {time}|2024-12-31 23:59 UTC>`,
    );
  });
});
