import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type AppConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { allMigrations, openConfigured } from '../ops/serve.ts';

/** One subcommand of `custody`: a summary for --help and a runner returning the exit code. */
export interface CliCommand {
  summary: string;
  run(args: string[]): Promise<number>;
}

/** A mistake in how the command was called: exit status 2 with the usage text. */
export class UsageError extends Error {}

/** Refuses arguments left over after the ones a command takes. */
export function noMoreArguments(rest: readonly string[]): void {
  if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0] ?? ''}`);
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses options strictly (unknown options are usage errors); `--help` and `--database` always exist. */
export function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { ...options, help: { type: 'boolean', short: 'h' }, database: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The configuration (config.ts) with `--database` over DATABASE_URL; a bad setting is a usage error. */
export function configOf(database: string | boolean | undefined): AppConfig {
  try {
    const env =
      typeof database === 'string' ? { ...process.env, DATABASE_URL: database } : process.env;
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** Opens and migrates the configured database, runs `f`, and closes it. */
export async function withDatabase<T>(
  config: AppConfig,
  f: (db: Database) => Promise<T>,
): Promise<T> {
  const database = openConfigured(config);
  try {
    await migrate(database, allMigrations);
    return await f(database);
  } finally {
    await database.close();
  }
}

/** A progress bar on stderr when it is a terminal; nothing otherwise (pipes, tests, CI). */
export function progressBar(label: string): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (done, total) => {
    const width = 30;
    const filled = total === 0 ? width : Math.min(width, Math.round((done / total) * width));
    process.stderr.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`,
    );
    if (done >= total) process.stderr.write('\n');
  };
}

/**
 * A subcommand with the exit statuses of every `custody` command: 0 done, 1 failed (message on
 * stderr), 2 usage error (message and usage text). `run` returns the output to print.
 */
export function command(
  name: string,
  summary: string,
  usage: string,
  run: (args: string[]) => Promise<string | number>,
): CliCommand {
  return {
    summary,
    async run(args) {
      if (args.includes('--help') || args.includes('-h')) {
        console.log(usage);
        return 0;
      }
      try {
        const out = await run(args);
        if (typeof out === 'number') return out;
        if (out !== '') console.log(out);
        return 0;
      } catch (error) {
        if (error instanceof UsageError) {
          console.error(`custody ${name}: ${error.message}\n\n${usage}`);
          return 2;
        }
        console.error(`custody ${name}: ${error instanceof Error ? error.message : String(error)}`);
        return 1;
      }
    },
  };
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
