import { loadConfig } from '../apps/server/src/config.ts';
import { banner, serve } from '../apps/server/src/ops/serve.ts';

/**
 * A server process for `processes.bench.ts`: the app served from the environment's configuration
 * as `npm start` serves it (apps/server/src/main.ts), but without the request log, as the
 * in-process benchmarks serve it (`onServedApp`), so that its figures compare with theirs.
 * Prints the banner once it listens; SIGTERM closes it.
 */
const running = await serve(loadConfig(process.env));
process.once('SIGTERM', () => void running.close());
console.log(banner(running));
