import { z } from 'zod';

/**
 * The data model of a conversation flow: what a file in flows/ may say. Nothing here runs a flow
 * (engine.ts does) or checks how nodes connect (validate.ts does); this is only the shape.
 */

/** Signals a question can point to: the ILO forced-labour indicators plus the two Haven acts on at once. */
export const INDICATORS = [
  'danger_now',
  'minor',
  'deception',
  'coercion',
  'withheld_wages',
  'debt_bondage',
  'document_retention',
  'restricted_movement',
  'intimidation',
  'violence',
  'living_conditions',
  'excessive_overtime',
  'isolation',
  'third_party_control',
] as const;
export type Indicator = (typeof INDICATORS)[number];

/** The forms of exploitation of Belgian Criminal Code art. 433quinquies. */
export const EXPLOITATION_FORMS = [
  /** (1) prostitution or other sexual exploitation */
  'sexual',
  /** (2) begging */
  'begging',
  /** (3) work or services contrary to human dignity */
  'labour',
  /** (4) removal of organs or human body material */
  'organ_removal',
  /** (5) being forced to commit a crime or offence */
  'forced_crime',
] as const;
export type ExploitationForm = (typeof EXPLOITATION_FORMS)[number];

export const URGENT_REASONS = ['emergency', 'danger_now', 'minor', 'violence_and_confinement'] as const;
export type UrgentReason = (typeof URGENT_REASONS)[number];

export const HANDOVER_REASONS = ['requested', 'free_text', 'stopped', 'finished', 'emergency'] as const;
export type HandoverReason = (typeof HANDOVER_REASONS)[number];

/** Case fields a flow may set. A question with `sets` sets the field to the chosen option's id. */
export const SET_FIELDS = ['role', 'region', 'minor', 'contact'] as const;
export type SetField = (typeof SET_FIELDS)[number];

/**
 * Interpolation variables flow texts may use. The host passes their values from configuration with
 * every `say`, so no phone number or address is ever written in a text or in code.
 */
export const FLOW_VARIABLES = [
  'centrePhone',
  'centreEmail',
  'reportingLine',
  'emergencyNumber',
  'policeNumber',
] as const;
export type FlowVariable = (typeof FLOW_VARIABLES)[number];

/** Flow ids double as locale namespaces and file names: "welcome" ↔ flows/welcome.yaml ↔ locales/<lang>/welcome.json. */
const flowId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower case letters, digits and "-"');
const nodeId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower case letters, digits and "_"');
/** Option ids travel in callback data: short, and never starting with "_" (Skip and Stop use "_skip", "_stop"). */
const optionId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower case letters, digits and "_"');
/** "key.path" in the flow's own namespace, or "namespace:key.path" for a shared one (e.g. "flow-common:yes"). */
const textKey = z
  .string()
  .regex(
    /^([a-z][a-z0-9-]*:)?[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/,
    'must be "key.path" or "namespace:key.path"',
  );

const urgent = z.enum(URGENT_REASONS);
const columns = z.number().int().min(1).max(4);

const questionOption = z.strictObject({
  id: optionId,
  label: textKey,
  /** Where this answer leads; the question's `next` when absent. */
  next: nodeId.optional(),
  /** This answer points to the question's indicator. */
  indicates: z.boolean().optional(),
  /** Forms of exploitation this answer points to. */
  forms: z.array(z.enum(EXPLOITATION_FORMS)).optional(),
  /** Alert the caseworkers at once. */
  urgent: urgent.optional(),
});

const menuOption = z.strictObject({
  id: optionId,
  label: textKey,
  next: nodeId,
});

/** Asks something and records the answer. Skip is always offered, and free text is always an answer. */
const questionNode = z.strictObject({
  type: z.literal('question'),
  text: textKey,
  indicator: z.enum(INDICATORS).optional(),
  /** May be empty: the question is then answered in the person's own words (or skipped). */
  options: z.array(questionOption).default([]),
  /** Sets this case field to the chosen option's id. */
  sets: z.enum(SET_FIELDS).optional(),
  next: nodeId.optional(),
  /** Where Skip leads. Required: validation refuses a question without it. */
  skip: nodeId.optional(),
  /** Where a written answer leads; `next` when absent. */
  freeText: nodeId.optional(),
  columns: columns.optional(),
});

/** Lets the person choose a way; records nothing. Free text is passed on to the team. */
const menuNode = z.strictObject({
  type: z.literal('menu'),
  text: textKey,
  options: z.array(menuOption).min(1),
  freeText: nodeId,
  columns: columns.optional(),
});

/** Says something and moves on without waiting. */
const messageNode = z.strictObject({
  type: z.literal('message'),
  text: textKey,
  urgent: urgent.optional(),
  next: nodeId,
});

/** Ends the flow. */
const endNode = z.strictObject({
  type: z.literal('end'),
  text: textKey.optional(),
  urgent: urgent.optional(),
  /** Not safe to chat: the host sends nothing more until the person writes again. */
  silence: z.boolean().optional(),
  /** The host posts a triage summary of this flow's answers. */
  summary: z.boolean().optional(),
  handover: z.enum(HANDOVER_REASONS).optional(),
});

/** Continues in another flow, from its start. */
const flowNode = z.strictObject({
  type: z.literal('flow'),
  flow: flowId,
  /** Post this flow's summary before leaving it. */
  summary: z.boolean().optional(),
});

export const flowNodeSchema = z.discriminatedUnion('type', [
  questionNode,
  menuNode,
  messageNode,
  endNode,
  flowNode,
]);

export const flowFileSchema = z.strictObject({
  id: flowId,
  /** The locale namespace of relative text keys; the flow id when absent. */
  namespace: flowId.optional(),
  /** Sets the case's role when the flow is entered. */
  role: z
    .string()
    .regex(/^[a-z_]+$/)
    .optional(),
  start: nodeId,
  /** Where Stop leads. When set, every question of the flow offers Stop. */
  stop: nodeId.optional(),
  nodes: z.record(nodeId, flowNodeSchema),
});

export type FlowFile = z.infer<typeof flowFileSchema>;
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type QuestionNode = z.infer<typeof questionNode>;
export type QuestionOption = z.infer<typeof questionOption>;
export type MenuNode = z.infer<typeof menuNode>;
export type MenuOption = z.infer<typeof menuOption>;
export type MessageNode = z.infer<typeof messageNode>;
export type EndNode = z.infer<typeof endNode>;
export type JumpNode = z.infer<typeof flowNode>;
/** A node that shows buttons and waits for the person. */
export type WaitingNode = QuestionNode | MenuNode;

/**
 * A loaded flow. Every text key in it is absolute ("namespace:key.path"), so the engine and the host
 * never resolve keys themselves.
 */
export interface FlowDefinition extends Omit<FlowFile, 'namespace'> {
  namespace: string;
  /** The file it came from, for messages. */
  file: string;
}

export function isWaiting(node: FlowNode): node is WaitingNode {
  return node.type === 'question' || node.type === 'menu';
}
