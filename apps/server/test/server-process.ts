import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A real server process (`npm start`'s entry point, apps/server/src/main.ts) listening on loopback. */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** The last lines it wrote (stdout and stderr), for a failing test's message. */
  output(): string;
  /** SIGTERM (or `signal`, e.g. SIGKILL for a crash), and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const BANNER = /^Custody Records: (http:\/\/\S+)$/m;
const KEEP = 16_384;

/**
 * Starts `node --import tsx apps/server/src/main.ts` with `env` over a minimal environment (port 0,
 * demo off, loopback), and resolves once its banner names the address it listens on. Its output
 * is read continuously (a full pipe would stall it) and only the tail is kept.
 */
export function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  return startProcess(['apps/server/src/main.ts'], env, BANNER, timeoutMs);
}

/**
 * Starts `node --import tsx <args>` (a script and its arguments, e.g. the `custody` CLI's
 * `apps/server/src/cli.ts witness serve …`) as startServerProcess does, and resolves once its
 * output matches `banner`, whose first group is the URL it listens on.
 */
export function startProcess(
  args: readonly string[],
  env: Record<string, string>,
  banner: RegExp,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      CUSTODY_DEMO: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const server: Omit<ServerProcess, 'url'> = {
    child,
    output: () => tail,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    let listening = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start in ${timeoutMs} ms:\n${tail}`));
    }, timeoutMs);
    const take = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-KEEP);
      const url = banner.exec(tail)?.[1];
      if (url !== undefined && !listening) {
        listening = true;
        clearTimeout(timer);
        resolve({ ...server, url: url.replace('localhost', '127.0.0.1') });
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before listening:\n${tail}`));
    });
  });
}
