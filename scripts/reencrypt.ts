import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { ConfigError, parseConfig } from '../src/config.js';
import { openNodeCipher } from '../src/runtime/node/sandbox-key.js';
import { reencrypt } from '../src/storage/reencrypt.js';
import { openSqliteDatabase } from '../src/storage/sqlite.js';

/**
 * `npm run reencrypt`: seals everything in the database under the current HAVEN_ENCRYPTION_KEY. Run it
 * after a new key became current (the previous one moved to HAVEN_ENCRYPTION_OLD_KEYS), or after
 * encryption was switched on for a database that already held cases. Haven may keep running; running it
 * twice is harmless. It prints counts only: never a key, a value or a sealed value.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const cipher = await openNodeCipher(config.encryption, config.databasePath);
  const database = openSqliteDatabase(config.databasePath);
  try {
    const report = await reencrypt(database, cipher);
    for (const [table, count] of Object.entries(report)) {
      const skipped = 'skipped' in count ? `, ${count.skipped} skipped (another case of the same chat)` : '';
      console.log(`${table}: ${count.checked} checked, ${count.resealed} sealed again${skipped}`);
    }
    if (Object.values(report).some((count) => count.resealed > 0)) {
      // A row rewritten in place can leave its former bytes in the unused space of a page (plain text,
      // for a database that predates encryption). VACUUM rebuilds the file without them; the checkpoint
      // then empties the write-ahead log, which still holds the old pages.
      await database.db.run(sql`VACUUM`);
      await database.db.all(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
    }
    console.log(
      'Everything is under the current key. Keep the old keys with any backup made before today: those still need them.',
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  // A DecryptionError names the key id only; other errors say what failed, never what was stored.
  console.error('reencrypt failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
