import { drizzle } from 'drizzle-orm/d1';
import type { SqlDatabase, Statement } from './database.js';
import { schema } from './schema.js';

/**
 * The D1 binding (`env.DB`, or Miniflare's D1 proxy in tests), described by the two methods drizzle calls,
 * so that no Workers type package is needed.
 */
export interface D1Binding {
  prepare(query: string): unknown;
  batch(statements: unknown[]): Promise<unknown[]>;
}

/**
 * Haven's database on Cloudflare D1 (the Workers runtime). The schema comes from the migrations in
 * drizzle/, applied beforehand with `wrangler d1 migrations apply`; nothing is migrated at run time.
 *
 * D1 has no interactive transactions, so `atomic` is one `batch`: D1 runs a batch as a single implicit
 * transaction, and a failing statement (such as a duplicate idempotency key) rolls back all of them.
 */
export function openD1Database(binding: D1Binding): SqlDatabase {
  const db = drizzle(binding, { schema });
  return {
    db,
    async atomic(statements: Statement[]) {
      const [first, ...rest] = statements;
      if (!first) return;
      await db.batch([first, ...rest]);
    },
    // A binding is owned by the runtime: there is nothing to close.
    async close() {},
  };
}
