import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FakesClient } from './fakes-client.js';
import { INBOX, SIGNING_SECRET, SLACK_TOKEN, TELEGRAM_TOKEN, WEBHOOK_SECRET } from './fakes-protocol.js';
import type { Target } from './load.js';
import { freePort, npmStartFlags, type Service, startService } from './processes.js';

export type System = 'haven' | 'bare';

/** What every phase needs: the fakes, a scratch folder, and a way to start a fresh system under test. */
export class BenchContext {
  readonly startupSamples: number[] = [];
  readonly #databases: string[] = [];
  /** Live mode encrypts what people write at rest and will not start without a key; one per run. */
  readonly #encryptionKey = `bench:${randomBytes(32).toString('base64')}`;
  #runs = 0;

  constructor(
    readonly fakes: FakesClient,
    readonly workDir: string,
  ) {}

  /**
   * Resets the fakes and starts a fresh Haven (new database) or bare relay, pointed at them. Haven runs
   * with the default log level (info), written to a file, as a deployment would, and paces itself to the
   * platforms' limits unless `pacing` is false.
   */
  async start(
    system: System,
    { pacing = true }: { pacing?: boolean } = {},
  ): Promise<{ service: Service; target: Target; databasePath: string }> {
    await this.fakes.reset();
    const run = ++this.#runs;
    const port = await freePort();
    const databasePath = join(this.workDir, `haven-${run}.sqlite`);
    this.#databases.push(databasePath);
    const common = {
      PORT: String(port),
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      TELEGRAM_API_ROOT: this.fakes.telegramUrl,
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      HAVEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      SLACK_API_URL: `${this.fakes.slackUrl}/api/`,
      SLACK_INBOX_CHANNEL: INBOX,
    };
    const logFile = join(this.workDir, `${system}-${run}.log`);
    let service: Service;
    if (system === 'haven') {
      service = await startService(
        './haven-entry.ts',
        {
          ...common,
          DATABASE_PATH: databasePath,
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          LOG_LEVEL: 'info',
          HAVEN_ENCRYPTION_KEY: this.#encryptionKey,
          HAVEN_BENCH_PACING: pacing ? 'on' : 'off',
        },
        logFile,
        npmStartFlags(),
      );
      this.startupSamples.push(service.startupMs);
      await this.fakes.setEventsUrl(`${service.url}/slack/events`);
    } else {
      const eventsPort = await freePort();
      service = await startService(
        './bare-relay.ts',
        { ...common, SLACK_EVENTS_PORT: String(eventsPort) },
        logFile,
      );
      await this.fakes.setEventsUrl(`http://127.0.0.1:${eventsPort}/slack/events`);
    }
    const target = {
      url: `${service.url}/telegram/webhook`,
      headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
    };
    return { service, target, databasePath };
  }

  /** Every database file a run created, with its WAL and shared-memory files. */
  databaseFiles(): string[] {
    return this.#databases.flatMap((path) => [path, `${path}-wal`, `${path}-shm`]);
  }
}

/** Reads Haven's database beside the running Haven (WAL allows a reader in another process). */
export class DatabaseProbe {
  readonly #db: Database.Database;

  constructor(readonly path: string) {
    this.#db = new Database(path, { readonly: true, fileMustExist: true });
  }

  count(sql: string): number {
    return (this.#db.prepare(sql).pluck().get() as number | undefined) ?? 0;
  }

  /**
   * Deliveries stored and not yet made. Reminders (lane "timer") are left out: they wait for a time set
   * hours ahead by design, and are not owed to anyone yet.
   */
  pendingOutbox(): number {
    return this.count("SELECT count(*) FROM outbox WHERE status = 'pending' AND lane != 'timer'");
  }

  /** Pending entries for people (Telegram, lane "channel") and for the inbox (Slack, lane "inbox"). */
  pendingByLane(): { channel: number; inbox: number } {
    return {
      channel: this.count("SELECT count(*) FROM outbox WHERE status = 'pending' AND lane = 'channel'"),
      inbox: this.count("SELECT count(*) FROM outbox WHERE status = 'pending' AND lane = 'inbox'"),
    };
  }

  parkedOutbox(): number {
    return this.count("SELECT count(*) FROM outbox WHERE status = 'parked'");
  }

  /** Bytes of the database file and its write-ahead log. */
  sizes(): { database: number; wal: number } {
    const size = (file: string) => (existsSync(file) ? statSync(file).size : 0);
    return { database: size(this.path), wal: size(`${this.path}-wal`) };
  }

  close(): void {
    this.#db.close();
  }
}
