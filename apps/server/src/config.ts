import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const Env = z.object({
  DATABASE_URL: z.string().min(1).default('data/custody.sqlite'),
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  CUSTODY_KEY_FILE: z.string().min(1).default('data/signing.key'),
  CUSTODY_TIME_ZONE: z.string().refine(isTimeZone, 'not an IANA time zone').default('Europe/Kyiv'),
  CUSTODY_ORIGIN: z.string().min(1).default('custody.example/log'),
  CUSTODY_TLS: bool.default(false),
  CUSTODY_TRUST_PROXY: bool.default(false),
  CUSTODY_BODY_LIMIT: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  SESSION_TTL: int(60, 7 * 24 * 3600).default(12 * 3600),
  SESSION_IDLE: int(60, 24 * 3600).default(30 * 60),
  LOGIN_MAX_FAILURES: int(1, 100).default(5),
  LOGIN_LOCKOUT: int(1, 24 * 3600).default(15 * 60),
  LOGIN_IP_MAX: int(1, 10_000).default(30),
  LOGIN_IP_WINDOW: int(1, 24 * 3600).default(15 * 60),
  CUSTODY_WEB_DIST: z.string().optional(),
});

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
  /** The log origin line of signed checkpoints (C2SP tlog-checkpoint). */
  readonly origin: string;
  /** Served behind TLS: cookies are Secure and HSTS is sent on every response. */
  readonly tls: boolean;
  readonly trustProxy: boolean;
  readonly bodyLimit: number;
  readonly session: { readonly ttl: number; readonly idle: number };
  readonly login: {
    /** Consecutive failures of one username that lock it out. */
    readonly maxFailures: number;
    readonly lockout: number;
    /** Failed attempts from one IP address allowed within ipWindow. */
    readonly ipMax: number;
    readonly ipWindow: number;
  };
  readonly webDist: string | null;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads and validates the environment. A bad setting stops start-up with a
 * message that names the variable and what is wrong with it.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const known = Object.fromEntries(
    Object.keys(Env.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = Env.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    keyFile: e.CUSTODY_KEY_FILE,
    timeZone: e.CUSTODY_TIME_ZONE,
    origin: e.CUSTODY_ORIGIN,
    tls: e.CUSTODY_TLS,
    trustProxy: e.CUSTODY_TRUST_PROXY,
    bodyLimit: e.CUSTODY_BODY_LIMIT,
    session: { ttl: e.SESSION_TTL, idle: e.SESSION_IDLE },
    login: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      lockout: e.LOGIN_LOCKOUT,
      ipMax: e.LOGIN_IP_MAX,
      ipWindow: e.LOGIN_IP_WINDOW,
    },
    webDist: e.CUSTODY_WEB_DIST ?? null,
  };
}
