import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { type FlowDefinition, type FlowFile, type FlowNode, flowFileSchema } from './definition.js';
import {
  type FlowIssue,
  FlowValidationError,
  type LocaleCatalog,
  validateGraph,
  validateJumps,
  validateTexts,
} from './validate.js';

/**
 * Turns flow files into a registry. It takes the files' text, not paths, so a runtime without a file
 * system (Workers) can load flows bundled as strings. Nothing is returned unless every flow is valid.
 */
export class FlowRegistry {
  readonly #flows: ReadonlyMap<string, FlowDefinition>;

  private constructor(flows: ReadonlyMap<string, FlowDefinition>) {
    this.#flows = flows;
  }

  /**
   * Parses and validates every file (file name → YAML text) against the texts of every language in
   * `locales`. Throws a FlowValidationError listing every issue, each naming its file, node and field.
   */
  static load(
    files: Readonly<Record<string, string>>,
    locales: LocaleCatalog,
    options: { checkTexts?: boolean } = {},
  ): FlowRegistry {
    const issues: FlowIssue[] = [];
    const flows = new Map<string, FlowDefinition>();
    for (const file of Object.keys(files).sort()) {
      const flow = parseFlow(file, files[file]!, issues);
      if (flow === undefined) continue;
      const other = flows.get(flow.id);
      if (other !== undefined) {
        issues.push({
          code: 'duplicate_flow',
          file,
          flow: flow.id,
          field: 'id',
          message: `flow "${flow.id}" is also defined in ${other.file}`,
        });
        continue;
      }
      flows.set(flow.id, flow);
    }
    for (const flow of flows.values()) {
      validateGraph(flow, issues);
      // Checking every text key in every language is the slow part; a runtime whose bundle CI has already
      // checked (`npm run check:flows`) may skip it to start faster.
      if (options.checkTexts !== false) validateTexts(flow, locales, issues);
    }
    validateJumps(flows, issues);
    if (issues.length > 0) throw new FlowValidationError(issues);
    return new FlowRegistry(flows);
  }

  /** The flow with this id; throws when there is none (a wrong id is a programming error). */
  get(id: string): FlowDefinition {
    const flow = this.#flows.get(id);
    if (flow === undefined) throw new Error(`Unknown flow "${id}"; known flows: ${this.ids().join(', ')}`);
    return flow;
  }

  has(id: string): boolean {
    return this.#flows.has(id);
  }

  ids(): string[] {
    return [...this.#flows.keys()].sort();
  }
}

/** "flows/welcome.yaml" → "welcome". */
export function flowIdOfFile(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.ya?ml$/, '');
}

function parseFlow(file: string, text: string, issues: FlowIssue[]): FlowDefinition | undefined {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const position = error.linePos?.[0];
      const where = position === undefined ? '' : ` (line ${position.line}, column ${position.col})`;
      const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      issues.push({ code: 'yaml', file, message: `not valid YAML${where}: ${reason}` });
    }
    return undefined;
  }
  const parsed = flowFileSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const flow = flowIdOfFile(file);
    for (const issue of parsed.error.issues) issues.push(schemaIssue(file, flow, issue));
    return undefined;
  }
  const expected = flowIdOfFile(file);
  if (parsed.data.id !== expected) {
    issues.push({
      code: 'id_mismatch',
      file,
      flow: parsed.data.id,
      field: 'id',
      message: `the id must match the file name: "${expected}"`,
    });
    return undefined;
  }
  return resolveKeys(file, parsed.data);
}

function schemaIssue(file: string, flow: string, issue: z.core.$ZodIssue): FlowIssue {
  const path = issue.path.map(String);
  const inNode = path[0] === 'nodes' && path.length >= 2;
  const rest = inNode ? path.slice(2) : path;
  const field = rest.reduce(
    (text, part) => (/^\d+$/.test(part) ? `${text}[${part}]` : text === '' ? part : `${text}.${part}`),
    '',
  );
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `"${key}"`).join(', ')}`
      : issue.message;
  return {
    code: 'schema',
    file,
    flow,
    ...(inNode ? { node: path[1]! } : {}),
    ...(field === '' ? {} : { field }),
    message,
  };
}

/** Makes every text key absolute: "deception.text" → "screening:deception.text". */
function resolveKeys(file: string, data: FlowFile): FlowDefinition {
  const namespace = data.namespace ?? data.id;
  const key = (text: string) => (text.includes(':') ? text : `${namespace}:${text}`);
  const nodes: Record<string, FlowNode> = {};
  for (const [id, node] of Object.entries(data.nodes)) {
    switch (node.type) {
      case 'question':
        nodes[id] = {
          ...node,
          text: key(node.text),
          options: node.options.map((option) => ({ ...option, label: key(option.label) })),
        };
        break;
      case 'menu':
        nodes[id] = {
          ...node,
          text: key(node.text),
          options: node.options.map((option) => ({ ...option, label: key(option.label) })),
        };
        break;
      case 'message':
        nodes[id] = { ...node, text: key(node.text) };
        break;
      case 'end':
        nodes[id] = node.text === undefined ? node : { ...node, text: key(node.text) };
        break;
      case 'flow':
        nodes[id] = node;
        break;
    }
  }
  return { ...data, namespace, file, nodes };
}
