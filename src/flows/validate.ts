import { MAX_CALLBACK_BYTES, SKIP_LABEL, STOP_LABEL, worstCaseCallbackBytes } from './buttons.js';
import { FLOW_VARIABLES, type FlowDefinition, type FlowNode } from './definition.js';

/**
 * Checks a loaded flow beyond its shape: that every transition lands somewhere, every node is reachable
 * and can reach an end, every question can be skipped, and every text exists, in every shipped language.
 */

/** Every shipped text: language → namespace → nested JSON (the shape of `resources` in src/i18n). */
export type LocaleCatalog = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Button labels must fit on a phone: at most this many characters, in every language. */
export const MAX_LABEL_LENGTH = 24;

export type FlowIssueCode =
  | 'yaml'
  | 'schema'
  | 'id_mismatch'
  | 'duplicate_flow'
  | 'missing_target'
  | 'unknown_flow'
  | 'unreachable'
  | 'no_exit'
  | 'no_skip'
  | 'stop_not_end'
  | 'duplicate_option'
  | 'jump_loop'
  | 'missing_text'
  | 'label_too_long'
  | 'callback_too_long'
  | 'unknown_variable'
  | 'variable_mismatch'
  | 'no_locales';

export interface FlowIssue {
  code: FlowIssueCode;
  /** The file name as given to the loader. */
  file: string;
  flow?: string;
  node?: string;
  /** The field inside the node (or the flow), e.g. "options[1].next". */
  field?: string;
  language?: string;
  message: string;
}

export function formatIssue(issue: FlowIssue): string {
  const where = [
    issue.flow === undefined ? undefined : `flow "${issue.flow}"`,
    issue.node === undefined ? undefined : `node "${issue.node}"`,
    issue.field === undefined ? undefined : `field "${issue.field}"`,
    issue.language === undefined ? undefined : `language "${issue.language}"`,
  ].filter((part) => part !== undefined);
  return `${issue.file}${where.length > 0 ? `: ${where.join(', ')}` : ''}: ${issue.message}`;
}

/** Thrown by `FlowRegistry.load` with every issue found, each naming its file, flow, node and field. */
export class FlowValidationError extends Error {
  readonly issues: readonly FlowIssue[];

  constructor(issues: readonly FlowIssue[]) {
    super(
      `Invalid flows (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n${issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`,
    );
    this.name = 'FlowValidationError';
    this.issues = issues;
  }
}

interface Edge {
  field: string;
  target: string | undefined;
}

/** Where a node can lead inside its flow. An undefined target is an edge with nowhere to go. */
export function edgesOf(flow: FlowDefinition, node: FlowNode): Edge[] {
  switch (node.type) {
    case 'question': {
      const edges: Edge[] = node.options.map((option, index) => ({
        field: option.next === undefined ? `options[${index}] (via next)` : `options[${index}].next`,
        target: option.next ?? node.next,
      }));
      if (node.skip !== undefined) edges.push({ field: 'skip', target: node.skip });
      edges.push({
        field: node.freeText === undefined ? 'freeText (via next)' : 'freeText',
        target: node.freeText ?? node.next,
      });
      if (flow.stop !== undefined) edges.push({ field: 'stop (of the flow)', target: flow.stop });
      return edges;
    }
    case 'menu':
      return [
        ...node.options.map((option, index) => ({ field: `options[${index}].next`, target: option.next })),
        { field: 'freeText', target: node.freeText },
      ];
    case 'message':
      return [{ field: 'next', target: node.next }];
    case 'end':
    case 'flow':
      return [];
  }
}

/** Transitions, reachability, endings, skip, Stop, option ids and callback data of one flow. */
export function validateGraph(flow: FlowDefinition, issues: FlowIssue[]): void {
  const at = (node: string | undefined, field: string | undefined) => ({
    file: flow.file,
    flow: flow.id,
    node,
    field,
  });
  const nodes = new Map(Object.entries(flow.nodes));

  if (!nodes.has(flow.start)) {
    issues.push({
      code: 'missing_target',
      ...at(undefined, 'start'),
      message: `start node "${flow.start}" does not exist`,
    });
  }
  if (flow.stop !== undefined) {
    const stop = nodes.get(flow.stop);
    if (stop === undefined) {
      issues.push({
        code: 'missing_target',
        ...at(undefined, 'stop'),
        message: `stop node "${flow.stop}" does not exist`,
      });
    } else if (stop.type !== 'end') {
      issues.push({
        code: 'stop_not_end',
        ...at(undefined, 'stop'),
        message: `stop node "${flow.stop}" must be an end node, not a ${stop.type}`,
      });
    }
  }

  for (const [id, node] of nodes) {
    for (const edge of edgesOf(flow, node)) {
      if (edge.field.startsWith('stop')) continue; // reported once, above
      if (edge.target === undefined) {
        issues.push({
          code: 'missing_target',
          ...at(id, edge.field),
          message: 'leads nowhere: give it a target, or give the question a "next"',
        });
      } else if (!nodes.has(edge.target)) {
        issues.push({
          code: 'missing_target',
          ...at(id, edge.field),
          message: `target "${edge.target}" does not exist`,
        });
      }
    }
    if (node.type === 'question' && node.skip === undefined) {
      issues.push({
        code: 'no_skip',
        ...at(id, 'skip'),
        message: 'every question must offer Skip: set "skip" to the node it leads to',
      });
    }
    if (node.type === 'question' || node.type === 'menu') {
      const seen = new Set<string>();
      node.options.forEach((option, index) => {
        if (seen.has(option.id)) {
          issues.push({
            code: 'duplicate_option',
            ...at(id, `options[${index}].id`),
            message: `option id "${option.id}" is used twice`,
          });
        }
        seen.add(option.id);
        const bytes = worstCaseCallbackBytes(option.id);
        if (bytes > MAX_CALLBACK_BYTES) {
          issues.push({
            code: 'callback_too_long',
            ...at(id, `options[${index}].id`),
            message: `callback data for "${option.id}" can reach ${bytes} bytes; Telegram allows ${MAX_CALLBACK_BYTES}: use a shorter id`,
          });
        }
      });
    }
  }

  // Reachable from the start.
  const reachable = new Set<string>();
  const queue = nodes.has(flow.start) ? [flow.start] : [];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    for (const edge of edgesOf(flow, nodes.get(id)!)) {
      if (edge.target !== undefined && nodes.has(edge.target) && !reachable.has(edge.target))
        queue.push(edge.target);
    }
  }
  if (nodes.has(flow.start)) {
    for (const id of nodes.keys()) {
      if (!reachable.has(id)) {
        issues.push({
          code: 'unreachable',
          ...at(id, undefined),
          message: `no path leads here from the start node "${flow.start}"`,
        });
      }
    }
  }

  // Able to finish: an end, or a jump to another flow, is reachable from the node. Checked only when every
  // transition lands somewhere, so a missing target is reported once, as itself.
  if (issues.some((issue) => issue.file === flow.file && issue.code === 'missing_target')) return;
  const finishes = new Set<string>();
  for (const [id, node] of nodes) if (node.type === 'end' || node.type === 'flow') finishes.add(id);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, node] of nodes) {
      if (finishes.has(id)) continue;
      if (edgesOf(flow, node).some((edge) => edge.target !== undefined && finishes.has(edge.target))) {
        finishes.add(id);
        grew = true;
      }
    }
  }
  for (const id of reachable) {
    if (!finishes.has(id)) {
      issues.push({
        code: 'no_exit',
        ...at(id, undefined),
        message: 'can never reach an end: every path from here goes round in a circle',
      });
    }
  }
}

/** Jumps between flows: the target flow exists, and jumps never chase each other without a question between. */
export function validateJumps(flows: ReadonlyMap<string, FlowDefinition>, issues: FlowIssue[]): void {
  for (const flow of flows.values()) {
    for (const [id, node] of Object.entries(flow.nodes)) {
      if (node.type !== 'flow') continue;
      if (!flows.has(node.flow)) {
        issues.push({
          code: 'unknown_flow',
          file: flow.file,
          flow: flow.id,
          node: id,
          field: 'flow',
          message: `there is no flow "${node.flow}"`,
        });
        continue;
      }
      // Follow what runs without waiting for the person; it must stop at a question, a menu or an end.
      const seen = new Set<string>([`${flow.id}/${id}`]);
      let current: { flow: FlowDefinition; node: string } | undefined = {
        flow: flows.get(node.flow)!,
        node: flows.get(node.flow)!.start,
      };
      while (current !== undefined) {
        const key = `${current.flow.id}/${current.node}`;
        if (seen.has(key)) {
          issues.push({
            code: 'jump_loop',
            file: flow.file,
            flow: flow.id,
            node: id,
            field: 'flow',
            message: `jumping to "${node.flow}" comes back to "${key}" without ever waiting for the person`,
          });
          break;
        }
        seen.add(key);
        const next: FlowNode | undefined = current.flow.nodes[current.node];
        if (next?.type === 'message') current = { flow: current.flow, node: next.next };
        else if (next?.type === 'flow' && flows.has(next.flow))
          current = { flow: flows.get(next.flow)!, node: flows.get(next.flow)!.start };
        else current = undefined;
      }
    }
  }
}

interface TextUse {
  key: string;
  node: string | undefined;
  field: string;
  label: boolean;
}

function textUses(flow: FlowDefinition): TextUse[] {
  const uses: TextUse[] = [];
  for (const [id, node] of Object.entries(flow.nodes)) {
    if (node.type === 'flow') continue;
    if (node.text !== undefined) uses.push({ key: node.text, node: id, field: 'text', label: false });
    if (node.type === 'question' || node.type === 'menu') {
      node.options.forEach((option, index) => {
        uses.push({ key: option.label, node: id, field: `options[${index}].label`, label: true });
      });
    }
    if (node.type === 'question') {
      uses.push({ key: SKIP_LABEL, node: id, field: 'skip (button label)', label: true });
      if (flow.stop !== undefined)
        uses.push({ key: STOP_LABEL, node: id, field: 'stop (button label)', label: true });
    }
  }
  return uses;
}

/** The text of "namespace:key.path" in one language, if it is there. */
export function lookupText(locales: LocaleCatalog, language: string, key: string): unknown {
  const colon = key.indexOf(':');
  const namespace = key.slice(0, colon);
  let value: unknown = locales[language]?.[namespace];
  for (const part of key.slice(colon + 1).split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const VARIABLE = /\{\{\s*([^}\s,]+)[^}]*\}\}/g;

function listVariables(variables: readonly string[]): string {
  return variables.length === 0 ? 'no variables' : variables.map((name) => `{{${name}}}`).join(', ');
}

export function variablesOf(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((match) => match[1]!))].sort();
}

/** Every text of the flow exists and is not empty in every language; labels are short; variables are known and the same everywhere. */
export function validateTexts(flow: FlowDefinition, locales: LocaleCatalog, issues: FlowIssue[]): void {
  const languages = Object.keys(locales);
  if (languages.length === 0) {
    issues.push({
      code: 'no_locales',
      file: flow.file,
      flow: flow.id,
      message: 'no languages to check the texts against',
    });
    return;
  }
  const reference = languages.includes('en') ? 'en' : languages[0]!;
  const known = new Set<string>(FLOW_VARIABLES);
  const checked = new Set<string>();
  for (const use of textUses(flow)) {
    if (checked.has(use.key)) continue;
    checked.add(use.key);
    const at = { file: flow.file, flow: flow.id, node: use.node, field: use.field };
    const variablesByLanguage = new Map<string, string[]>();
    for (const language of languages) {
      const text = lookupText(locales, language, use.key);
      if (typeof text !== 'string' || text.trim() === '') {
        const why =
          text === undefined ? 'is missing' : typeof text === 'string' ? 'is empty' : 'is not a text';
        issues.push({
          code: 'missing_text',
          ...at,
          language,
          message: `text "${use.key}" ${why} in locales/${language}`,
        });
        continue;
      }
      if (use.label && [...text].length > MAX_LABEL_LENGTH) {
        issues.push({
          code: 'label_too_long',
          ...at,
          language,
          message: `button label "${use.key}" is ${[...text].length} characters ("${text}"); at most ${MAX_LABEL_LENGTH} fit`,
        });
      }
      const variables = variablesOf(text);
      const unknown = variables.filter((name) => !known.has(name));
      if (unknown.length > 0) {
        issues.push({
          code: 'unknown_variable',
          ...at,
          language,
          message: `text "${use.key}" uses ${unknown.map((name) => `{{${name}}}`).join(', ')}; known: ${FLOW_VARIABLES.join(', ')}`,
        });
      }
      variablesByLanguage.set(language, variables);
    }
    const expected = variablesByLanguage.get(reference);
    if (expected === undefined) continue;
    for (const [language, variables] of variablesByLanguage) {
      if (variables.join(',') !== expected.join(',')) {
        issues.push({
          code: 'variable_mismatch',
          ...at,
          language,
          message: `text "${use.key}" uses ${listVariables(variables)}, but in "${reference}" it uses ${listVariables(expected)}`,
        });
      }
    }
  }
}
