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
  // The rollback journal of each savepoint in a group commit (below) stays in memory: in a temporary file
  // it would be written out for every batch, only to be thrown away.
  client.pragma('temp_store = MEMORY');
  // SQLite's own default page cache (2 MB): better-sqlite3 raises it to 16 MB, which Haven filled within
  // minutes under load and then kept, for no measurable gain in speed (the pages it reads are in the
  // system's file cache anyway). npm run bench measured 10 MB less RSS after 10,000 conversations.
  client.pragma('cache_size = -2000');
  reuseStatements(client);
  const db = drizzle({ client, schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const groupCommit = new GroupCommit(client);
  return {
    db,
    atomic: (statements) => groupCommit.run(statements),
    async close() {
      groupCommit.flush();
      client.close();
    },
  };
}

interface Waiting {
  statements: Statement[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Runs the atomic batches that arrive in one turn of the event loop (the updates of one burst of webhook
 * calls) in one transaction, each batch in a savepoint of its own: a batch that fails (a duplicate
 * update, a stale version) is rolled back alone, the others commit together. One commit writes a page
 * that several batches changed (the end of the outbox, of an index) to the write-ahead log once instead
 * of once per batch, and the log fills, and is checkpointed, that much less often. No batch is reported
 * done before the commit that holds it, so "answer 200 once it is stored" still holds.
 */
class GroupCommit {
  #waiting: Waiting[] = [];

  constructor(private readonly client: Database.Database) {}

  run(statements: Statement[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ statements, resolve, reject });
      if (this.#waiting.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits what is waiting now (better-sqlite3 runs a transaction synchronously). */
  flush(): void {
    const batches = this.#waiting;
    if (batches.length === 0) return;
    this.#waiting = [];
    const failures = new Map<Waiting, unknown>();
    // A transaction function called inside another runs as a savepoint.
    const savepoint = this.client.transaction((statements: Statement[]) => {
      for (const statement of statements) (statement as unknown as { run(): unknown }).run();
    });
    try {
      this.client.transaction(() => {
        for (const batch of batches) {
          try {
            savepoint(batch.statements);
          } catch (error) {
            failures.set(batch, error);
          }
        }
      })();
    } catch (error) {
      for (const batch of batches) batch.reject(error);
      return;
    }
    for (const batch of batches) {
      const failure = failures.get(batch);
      if (failure === undefined) batch.resolve();
      else batch.reject(failure);
    }
  }
}

/** Compiled statements kept for reuse; each is small, and Haven's queries come in a few dozen shapes. */
const KEPT_STATEMENTS = 256;

/**
 * drizzle asks better-sqlite3 to compile every query it runs, and compiling costs more than running the
 * small queries Haven makes: the same SQL text gets the statement compiled the first time. A statement is
 * handed out in its default mode, since drizzle switches some to raw rows before running them.
 */
function reuseStatements(client: Database.Database): void {
  const compile = client.prepare.bind(client);
  const kept = new Map<string, Database.Statement>();
  client.prepare = ((source: string) => {
    let statement = kept.get(source);
    if (statement) {
      // Most recently used last, so the least recently used goes first when the map is full.
      kept.delete(source);
    } else {
      statement = compile(source);
      if (kept.size >= KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
    }
    kept.set(source, statement);
    return statement.reader ? statement.raw(false) : statement;
  }) as typeof client.prepare;
}
