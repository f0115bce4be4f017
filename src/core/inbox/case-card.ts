import type { CaseStatus, CaseTriage, Conversation, ConversationMode } from '../model.js';
import { type Routing, routeCase } from '../routing.js';
import { caseAlias } from './alias.js';

/**
 * What the case card at the top of a thread shows, as plain data; the inbox adapter draws it. It holds
 * nothing that identifies the person: a number, a word, and what the conversation established.
 */
export interface CaseCard {
  caseNumber: number;
  /** "Case 0427 · Lotus" */
  alias: string;
  status: CaseStatus;
  /** Why the case is urgent (a reason code), or null. */
  urgent: string | null;
  language: string;
  role: string | null;
  region: string | null;
  /** The centre the region routes to, or null for the default inbox. */
  centre: string | null;
  minor: string | null;
  triage: CaseTriage | null;
  /** Inbox user id of the caseworker who took the case. */
  assignee: string | null;
  lastPersonMessageAt: number | null;
  /** Who answers the person now: Haven's flows or a caseworker. */
  mode: ConversationMode;
  silentMode: boolean;
  consent: Conversation['consent'];
  /** The person holds a resume code that still works (the code itself is never shown). */
  resumeCode: boolean;
}

/** What the card shows that is kept outside the conversation itself. */
export interface CaseCardExtras {
  /** Whether the case has a resume code (the ResumeStore knows). */
  resumeCode?: boolean;
}

export function caseCard(
  conversation: Conversation,
  routing: Routing,
  extras: CaseCardExtras = {},
): CaseCard {
  const { facts } = conversation;
  return {
    caseNumber: conversation.id,
    alias: caseAlias(conversation.id),
    status: conversation.status,
    urgent: conversation.urgent,
    language: conversation.language,
    role: facts.role ?? null,
    region: facts.region ?? null,
    centre: routeCase(facts, routing.centres)?.name ?? null,
    minor: facts.minor ?? null,
    triage: conversation.triage,
    assignee: conversation.assignee,
    lastPersonMessageAt: conversation.lastPersonMessageAt,
    mode: conversation.mode,
    silentMode: conversation.silentMode,
    consent: conversation.consent,
    resumeCode: extras.resumeCode ?? false,
  };
}
