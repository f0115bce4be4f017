import { existsSync } from 'node:fs';
import { ConfigError, parseConfig } from '../../config.js';
import { createLogger } from '../../log.js';
import { startHaven } from './start.js';

/** The Node entry: the only file that reads the environment and owns the process. */
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
  const logger = createLogger(config.logLevel);
  const haven = await startHaven(config, { logger });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing deliveries in flight');
    await haven.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('Haven failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
