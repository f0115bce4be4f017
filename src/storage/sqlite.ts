import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { SqlDatabase, Statement } from './database.js';
import { schema } from './schema.js';

/** drizzle/ at the project root, found from this file rather than the working directory. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * Opens (creating if needed) the SQLite file for the Node runtime and brings its schema up to date with
 * the migrations drizzle-kit generated. Node-only: the Workers runtime uses D1 instead.
 */
export function openSqliteDatabase(path: string): SqlDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const client = new Database(path);
  // WAL lets readers (health checks) run beside the writer; NORMAL sync is durable across a process
  // crash, which is the failure Haven's outbox is designed around.
  client.pragma('journal_mode = WAL');
  client.pragma('synchronous = NORMAL');
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 5000');
  const db = drizzle({ client, schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db,
    async atomic(statements: Statement[]) {
      // better-sqlite3 transactions must be synchronous; each drizzle statement runs synchronously here.
      db.transaction(() => {
        for (const statement of statements) (statement as unknown as { run(): unknown }).run();
      });
    },
    async close() {
      client.close();
    },
  };
}
