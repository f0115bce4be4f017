import { readFileSync } from 'node:fs';
import { FlowRegistry } from '../src/flows/load.js';
import { FlowValidationError, formatIssue } from '../src/flows/validate.js';
import { LANGUAGES, resources } from '../src/i18n/resources.js';
import { BUNDLE_PATH, readFlowFiles, renderBundledFlows } from './bundle-flows.js';

/**
 * `npm run check:flows`: validates every flows/*.yaml against every shipped language and checks that
 * src/flows/bundled.ts embeds exactly these files. Prints one line per problem and exits 1 on any.
 */

const files = readFlowFiles();
const problems: string[] = [];
let registry: FlowRegistry | undefined;

try {
  registry = FlowRegistry.load(files, resources);
} catch (error) {
  if (!(error instanceof FlowValidationError)) throw error;
  for (const issue of error.issues) problems.push(`flows/${formatIssue(issue)}`);
}

let bundled = '';
try {
  bundled = readFileSync(BUNDLE_PATH, 'utf8');
} catch {
  // reported below as stale
}
if (bundled !== renderBundledFlows(files)) {
  problems.push('src/flows/bundled.ts is stale: run `npx tsx scripts/bundle-flows.ts`');
}

if (problems.length > 0) {
  console.error(`check:flows found ${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`check:flows: ${registry!.ids().join(', ')} valid in ${LANGUAGES.join(', ')}; bundle up to date`);
