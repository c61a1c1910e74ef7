import { banner, serve } from '../ops/serve.ts';
import { command, configOf, parse, progressBar, noMoreArguments } from './common.ts';

const USAGE = `Використання / usage: custody serve [--port N] [--host HOST] [--no-demo] [--database URL]

Запускає сервер / starts the server: migrates, creates the signing key file when missing, seeds
the demo into an empty database (unless --no-demo or CUSTODY_DEMO=0) and serves the web app and
the API. Settings come from the environment and CUSTODY_CONFIG (docs/operations.md).`;

/** `custody serve`: what `npm start` does, with options over the configuration. */
export const serveCommand = command(
  'serve',
  'запустити сервер / start the server',
  USAGE,
  async (args) => {
    const { values, positionals } = parse(args, {
      port: { type: 'string' },
      host: { type: 'string' },
      'no-demo': { type: 'boolean' },
    });
    noMoreArguments(positionals);
    const env = {
      ...process.env,
      ...(values.database === undefined ? {} : { DATABASE_URL: values.database }),
      ...(values.port === undefined ? {} : { PORT: values.port }),
      ...(values.host === undefined ? {} : { HOST: values.host }),
      ...(values['no-demo'] === true ? { CUSTODY_DEMO: '0' } : {}),
    };
    process.env = env;
    const config = configOf(env['DATABASE_URL']);
    const running = await serve(config, { onSeedProgress: progressBar('seed') });
    console.log(banner(running));
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const)
        process.once(signal, () => {
          resolve();
        });
    });
    await running.close();
    return 0;
  },
);
