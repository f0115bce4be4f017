import type { BatchItem } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { schema } from './schema.js';

/** A drizzle database over Haven's schema, from either driver: always `await` its results. */
// biome-ignore lint/suspicious/noExplicitAny: the run-result type differs per driver and is never read.
export type HavenDb = BaseSQLiteDatabase<'sync' | 'async', any, typeof schema>;

/** A statement the atomic runner accepts: a drizzle insert, update or delete that has not run yet. */
export type Statement = BatchItem<'sqlite'>;

/**
 * The database as the repositories need it. `atomic` runs statements all-or-nothing in a way both drivers
 * support: a synchronous transaction on better-sqlite3, a batch on D1 (which has no interactive
 * transactions). Statements therefore cannot depend on each other's results: ids are made beforehand.
 */
export interface SqlDatabase {
  db: HavenDb;
  atomic(statements: Statement[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * True when `error` (or its cause, as drizzle wraps driver errors) is SQLite refusing a duplicate key
 * of the given table.
 */
export function isUniqueViolation(error: unknown, table: string): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current.message.includes('UNIQUE constraint failed') && current.message.includes(`${table}.`))
      return true;
  }
  return false;
}

/** True when `error` (or its cause) is SQLite refusing NULL in `column` ("table.column"). */
export function isNotNullViolation(error: unknown, column: string): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current.message.includes('NOT NULL constraint failed') && current.message.includes(column))
      return true;
  }
  return false;
}
