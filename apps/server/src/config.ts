import { readFileSync } from 'node:fs';
import {
  clockSettingsOverridesSchema,
  resolveClockSettings,
  type ClockSettings,
} from '@custody/domain';
import { z } from 'zod';
import { WAL_CHECKPOINT_FRAMES, WAL_HARD_LIMIT_FRAMES } from './db/wal-checkpointer.ts';
import { originProblem } from './ops/origin.ts';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const Env = z.object({
  DATABASE_URL: z.string().min(1).default('data/custody.sqlite'),
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  CUSTODY_KEY_FILE: z.string().min(1).default('data/signing.key'),
  CUSTODY_TIME_ZONE: z.string().refine(isTimeZone, 'not an IANA time zone').default('Europe/Kyiv'),
  CUSTODY_ORIGIN: z
    .string()
    .min(1)
    .refine((o) => originProblem(o) === null, {
      error: (issue) => originProblem(String(issue.input)) ?? 'invalid origin',
    })
    .optional(),
  CUSTODY_TLS: bool.default(false),
  CUSTODY_TRUST_PROXY: bool.default(false),
  CUSTODY_BODY_LIMIT: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  CUSTODY_HEADERS_TIMEOUT: int(1, 3600).default(20),
  CUSTODY_REQUEST_TIMEOUT: int(1, 24 * 3600).default(120),
  CUSTODY_IDLE_TIMEOUT: int(1, 3600).default(90),
  CUSTODY_KEEP_ALIVE_TIMEOUT: int(1, 3600).default(72),
  SESSION_TTL: int(60, 7 * 24 * 3600).default(12 * 3600),
  SESSION_IDLE: int(60, 24 * 3600).default(30 * 60),
  CUSTODY_LOCK_AFTER: int(30, 24 * 3600).default(5 * 60),
  LOGIN_MAX_FAILURES: int(1, 100).default(5),
  LOGIN_LOCKOUT: int(1, 24 * 3600).default(15 * 60),
  LOGIN_IP_MAX: int(1, 10_000).default(30),
  LOGIN_IP_WINDOW: int(1, 24 * 3600).default(15 * 60),
  CUSTODY_WEB_DIST: z.string().optional(),
  CUSTODY_DEMO: bool.default(true),
  CUSTODY_LATE_ENTRY_MINUTES: int(1, 24 * 60).default(15),
  CUSTODY_WITNESS_POLICY: z.string().optional(),
  CUSTODY_WITNESS_INTERVAL: int(1, 24 * 3600).default(30),
  CUSTODY_WHITEBOARD_MAX_AGE_MS: int(0, 1000).default(1000),
  CUSTODY_WAL_CHECKPOINT_FRAMES: int(16, WAL_HARD_LIMIT_FRAMES / 2).default(WAL_CHECKPOINT_FRAMES),
});

/**
 * The clock settings of domain.md §4 (*defaults*) each have a variable: `cellCheckMinutes` is
 * `CUSTODY_CELL_CHECK_MINUTES`. The time zone and late-entry limit have their own variables.
 */
export const CLOCK_VARIABLES: Readonly<Record<string, keyof ClockSettings>> = Object.fromEntries(
  Object.keys(clockSettingsOverridesSchema.shape)
    .filter((k) => k !== 'timeZone' && k !== 'lateEntryMinutes')
    .map((k) => [`CUSTODY_${k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`, k]),
) as Record<string, keyof ClockSettings>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The server's settings; every duration is in seconds. */
export interface AppConfig {
  readonly databaseUrl: string;
  readonly port: number;
  readonly host: string;
  readonly keyFile: string;
  readonly timeZone: string;
  /**
   * The installation's log origin (the first line of its signed checkpoints, C2SP
   * tlog-checkpoint) when CUSTODY_ORIGIN names it; the origin in force is always the signing key's
   * name, asked at `custody key generate` (`ops/keys.ts`), and this must match it.
   */
  readonly origin: string | null;
  /** Served behind TLS: cookies are Secure and HSTS is sent on every response. */
  readonly tls: boolean;
  readonly trustProxy: boolean;
  readonly bodyLimit: number;
  /**
   * Socket timeouts (seconds): the request's headers must arrive within `headers` and the whole
   * request, body included, within `request` (else 408 and the socket is closed); a socket
   * with no traffic for `idle` is closed (a live stream's heartbeat keeps it open); an idle
   * keep-alive connection is closed after `keepAlive`.
   */
  readonly timeouts: {
    readonly headers: number;
    readonly request: number;
    readonly idle: number;
    readonly keepAlive: number;
  };
  readonly session: { readonly ttl: number; readonly idle: number };
  /**
   * Seconds without a touch or a key after which the web app on an enrolled tablet locks its
   * screen until the officer's password is given again (issue 19); told to the app with the
   * session.
   */
  readonly lockAfter: number;
  readonly login: {
    /** Consecutive failures of one username that lock it out. */
    readonly maxFailures: number;
    readonly lockout: number;
    /**
     * Failed attempts from one IP address within ipWindow after which its attempts are slowed
     * (2^n s, at most 60 s), except for usernames that signed in from it before.
     */
    readonly ipMax: number;
    readonly ipWindow: number;
  };
  readonly webDist: string | null;
  /** Seed the demo into an empty database at start-up (CUSTODY_DEMO, default on). */
  readonly demo: boolean;
  /**
   * A c2sp.org/tlog-policy file naming the witnesses (with their add-checkpoint URLs) and the
   * quorum (docs/witnessing.md); null: the log is not witnessed.
   */
  readonly witnessPolicy: string | null;
  /** Seconds between submissions of the latest checkpoint to the witnesses, at most one each. */
  readonly witnessInterval: number;
  /** The legal clock's configurable figures (domain.md §4), timeZone and lateEntryMinutes included. */
  readonly clock: ClockSettings;
  /**
   * Milliseconds of the clock for which a unit's computed whiteboard is served again while no
   * entry of its records, no policy change and no change of its rooms or of the unit came in
   * (whiteboard/board-cache.ts); 0 computes it for every request. At most 1000: a deadline crossing shows at most a second late.
   */
  readonly whiteboardMaxAgeMs: number;
  /**
   * SQLite: frames in the WAL past which its worker thread checkpoints it (db/wal-checkpointer.ts;
   * CUSTODY_WAL_CHECKPOINT_FRAMES, 16 to half the main connection's hard limit of 4,000).
   */
  readonly walCheckpointFrames: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Source = Readonly<Record<string, string | undefined>>;

/** Reads `CUSTODY_CONFIG`: a JSON object of the same variable names, plus an optional `clock` object. */
function readConfigFile(path: string, readFile: (path: string) => string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFile(path));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`invalid configuration:\n  CUSTODY_CONFIG: cannot read ${path}: ${why}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`invalid configuration:\n  CUSTODY_CONFIG: ${path} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function fail(lines: readonly string[]): never {
  throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
}

function flatten(file: Record<string, unknown>): Source {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(file)) {
    if (k === 'clock') continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      out[k] = String(v);
    else fail([`${k}: expected a string, number or boolean in CUSTODY_CONFIG`]);
  }
  return out;
}

function clockOf(env: Source, file: Record<string, unknown>, base: { tz: string; late: number }) {
  const fromFile = clockSettingsOverridesSchema.safeParse(file['clock'] ?? {});
  if (!fromFile.success) {
    fail(fromFile.error.issues.map((i) => `clock.${i.path.join('.')}: ${i.message}`));
  }
  const overrides: Record<string, number> = {};
  const bad: string[] = [];
  for (const [name, key] of Object.entries(CLOCK_VARIABLES)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n)) bad.push(`${name}: expected whole minutes, got ${raw}`);
    else overrides[key] = n;
  }
  if (bad.length > 0) fail(bad);
  const merged = { ...fromFile.data, ...overrides, timeZone: base.tz, lateEntryMinutes: base.late };
  const checked = clockSettingsOverridesSchema.safeParse(merged);
  if (!checked.success) {
    const varOf = (key: PropertyKey) =>
      Object.entries(CLOCK_VARIABLES).find(([, k]) => k === key)?.[0] ?? `clock.${String(key)}`;
    fail(checked.error.issues.map((i) => `${varOf(i.path[0] ?? '')}: ${i.message}`));
  }
  return resolveClockSettings(checked.data);
}

/**
 * Reads and validates the configuration: the environment, over an optional JSON file named by
 * CUSTODY_CONFIG. A bad setting stops start-up with a message that names the variable and what
 * is wrong with it.
 */
export function loadConfig(
  env: Source,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): AppConfig {
  const filePath = env['CUSTODY_CONFIG'];
  const file = filePath ? readConfigFile(filePath, readFile) : {};
  const fileVars = flatten(file);
  const pick = (k: string) => (env[k] === '' || env[k] === undefined ? fileVars[k] : env[k]);
  const known = Object.fromEntries(Object.keys(Env.shape).map((k) => [k, pick(k)]));
  const parsed = Env.safeParse(known);
  if (!parsed.success) {
    fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const clockEnv = Object.fromEntries(Object.keys(CLOCK_VARIABLES).map((k) => [k, pick(k)]));
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    keyFile: e.CUSTODY_KEY_FILE,
    timeZone: e.CUSTODY_TIME_ZONE,
    origin: e.CUSTODY_ORIGIN ?? null,
    tls: e.CUSTODY_TLS,
    trustProxy: e.CUSTODY_TRUST_PROXY,
    bodyLimit: e.CUSTODY_BODY_LIMIT,
    timeouts: {
      headers: Math.min(e.CUSTODY_HEADERS_TIMEOUT, e.CUSTODY_REQUEST_TIMEOUT),
      request: e.CUSTODY_REQUEST_TIMEOUT,
      idle: e.CUSTODY_IDLE_TIMEOUT,
      keepAlive: e.CUSTODY_KEEP_ALIVE_TIMEOUT,
    },
    session: { ttl: e.SESSION_TTL, idle: e.SESSION_IDLE },
    lockAfter: e.CUSTODY_LOCK_AFTER,
    login: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      lockout: e.LOGIN_LOCKOUT,
      ipMax: e.LOGIN_IP_MAX,
      ipWindow: e.LOGIN_IP_WINDOW,
    },
    webDist: e.CUSTODY_WEB_DIST ?? null,
    demo: e.CUSTODY_DEMO,
    witnessPolicy: e.CUSTODY_WITNESS_POLICY ?? null,
    witnessInterval: e.CUSTODY_WITNESS_INTERVAL,
    clock: clockOf(clockEnv, file, {
      tz: e.CUSTODY_TIME_ZONE,
      late: e.CUSTODY_LATE_ENTRY_MINUTES,
    }),
    whiteboardMaxAgeMs: e.CUSTODY_WHITEBOARD_MAX_AGE_MS,
    walCheckpointFrames: e.CUSTODY_WAL_CHECKPOINT_FRAMES,
  };
}
