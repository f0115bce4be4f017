// Compiles Haven's Node entry into JavaScript, so that `npm start` runs plain Node: loading TypeScript on
// the fly (tsx) keeps a loader thread and a compiler alive for the life of the process, about 45 MB of
// memory a long-running server has no use for. Packages stay in node_modules (better-sqlite3 is native and
// cannot be bundled); only Haven's own code, flows and locales are compiled in.
//
//   node scripts/build.mjs                         -> dist/node/haven.mjs (what `npm start` runs)
//   node scripts/build.mjs bench <entry.ts>...     -> dist/bench/<entry>.mjs (the benchmark's processes)
//
// The output sits two folders below the project root, as the sources do (src/<dir>/<file>.ts), so code
// that finds drizzle/ relative to its own file (src/storage/sqlite.ts) finds it from the output too.
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { build } from 'esbuild';

const [folder = 'node', ...entries] = process.argv.slice(2);
const entryPoints =
  entries.length > 0
    ? Object.fromEntries(entries.map((entry) => [basename(entry, '.ts'), entry]))
    : { haven: 'src/runtime/node/main.ts' };
const outdir = `dist/${folder}`;

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints,
  outdir,
  outExtension: { '.js': '.mjs' },
  // What is imported only on demand (the sandbox's fake platforms and playground) goes into files of its
  // own, loaded only when asked for: a deployment never holds their source in memory.
  splitting: true,
  chunkNames: '[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // Stack traces point at the TypeScript sources when Node runs with --enable-source-maps.
  sourcemap: true,
  logLevel: 'warning',
});
