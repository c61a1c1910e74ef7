import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiMigrations, buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { isPostgresUrl, openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** Starts the server from the environment (config.ts), after running the migrations. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  mkdirSync(dirname(resolve(config.keyFile)), { recursive: true });
  if (!isPostgresUrl(config.databaseUrl)) {
    mkdirSync(dirname(resolve(config.databaseUrl)), { recursive: true });
  }
  const database = openDatabase(config.databaseUrl);
  await migrate(database, apiMigrations);
  const webDist = resolve(config.webDist ?? join(here, '../../web/dist'));
  const webRoot = existsSync(join(webDist, 'index.html')) ? webDist : null;
  const app = await buildApp({ database, clock: () => new Date(), config, logger: true, webRoot });
  if (webRoot === null) app.log.warn({ webDist }, 'web app not built; serving the API only');
  app.addHook('onClose', () => database.close());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close());
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ database: database.location }, 'Custody Records started');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
});
