import { ConfigError, loadConfig } from './config.ts';
import { banner, serve } from './ops/serve.ts';
import { SecondServerError } from './ops/single-server.ts';

/**
 * `npm start`: starts the server from the configuration (config.ts). On a first start with an
 * empty database it migrates, creates the signing key and seeds the demo (ops/serve.ts).
 */
async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig(process.env);
  const running = await serve(config, { logger: true });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void running.close());
  }
  console.log(banner(running));
  console.log(`(started in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof SecondServerError;
  console.error(known ? error.message : error);
  process.exitCode = 1;
});
