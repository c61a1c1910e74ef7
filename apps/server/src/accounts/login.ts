import { Role, type LoginRequest } from '@custody/contracts';
import { HttpProblem } from '../http/problem.ts';
import type { AppDeps } from '../http/types.ts';
import { checkLoginThrottle, recordLoginAttempt } from './login-throttle.ts';
import { verifyPassword } from './passwords.ts';
import { accountsDb } from './database.ts';
import { verifyTotp } from './totp.ts';
import type { UsersTable } from './tables.ts';
import { findUserById, findUserByUsername, normalizeUsername, requiresTotp } from './users.ts';

const invalid = () =>
  new HttpProblem(
    401,
    'invalid_credentials',
    'Невірний логін або пароль. Wrong username or password.',
  );

/**
 * Consumes a TOTP code: the step is stored only if greater than the last one
 * used, in one conditional update, so that two requests cannot both use one
 * code (RFC 6238 §5.2).
 */
export async function consumeTotp(
  deps: AppDeps,
  user: UsersTable,
  secret: string,
  code: string,
  now: Date,
) {
  const last = user.totp_last_step;
  const step = verifyTotp(secret, code, now, last);
  if (step === null) return false;
  const r = await accountsDb(deps.database)
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', user.id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Refuses (429) an attempt the sign-in throttle holds back (login-throttle.ts). */
async function throttle(deps: AppDeps, ip: string, username: string, now: Date): Promise<void> {
  const verdict = await checkLoginThrottle(deps.database, ip, username, now, deps.config.login);
  if (verdict.blocked) {
    throw new HttpProblem(
      429,
      verdict.code,
      verdict.code === 'locked_out'
        ? 'Обліковий запис тимчасово заблоковано. Account temporarily locked.'
        : 'Забагато спроб. Too many attempts.',
      { headers: { 'retry-after': String(verdict.retryAfter) } },
    );
  }
}

/**
 * Checks the password of a signed-in user again (re-authentication, e.g. before a tablet keeps
 * an offline unlock hash of it): throttled and counted as sign-in attempts are, so that it is no
 * way around the lockout; 403 `wrong_password` when wrong (not 401: the session stands).
 */
export async function confirmPassword(
  deps: AppDeps,
  userId: string,
  password: string,
  ip: string,
): Promise<void> {
  const now = deps.clock();
  const user = await findUserById(deps.database, userId);
  const username = user?.username ?? '';
  await throttle(deps, ip, username, now);
  const ok = await verifyPassword(user?.password_hash ?? null, password);
  await recordLoginAttempt(deps.database, ip, username, ok, now);
  if (!ok) {
    throw new HttpProblem(403, 'wrong_password', 'Пароль невірний. The password is wrong.');
  }
}

/**
 * Checks a sign-in: throttling and lockout first, then the argon2id password,
 * then the TOTP code for roles that require one. Returns the user on success;
 * throws the problem of the contract (401 / 429) otherwise.
 */
export async function checkLogin(
  deps: AppDeps,
  body: LoginRequest,
  ip: string,
): Promise<UsersTable> {
  const now = deps.clock();
  const username = normalizeUsername(body.username);
  await throttle(deps, ip, username, now);
  const user = await findUserByUsername(deps.database, username);
  const ok = await verifyPassword(user?.password_hash ?? null, body.password);
  if (!user || !ok || user.disabled !== 0) {
    await recordLoginAttempt(deps.database, ip, username, false, now);
    throw invalid();
  }
  const role = Role.parse(user.role);
  if (requiresTotp(role) && user.totp_secret !== null) {
    if (body.totp === undefined) {
      throw new HttpProblem(
        401,
        'totp_required',
        'Потрібен код другого фактора. A one-time code is required.',
      );
    }
    if (!(await consumeTotp(deps, user, user.totp_secret, body.totp, now))) {
      await recordLoginAttempt(deps.database, ip, username, false, now);
      throw new HttpProblem(
        401,
        'totp_invalid',
        'Невірний або використаний код. Wrong or used code.',
      );
    }
  }
  await recordLoginAttempt(deps.database, ip, username, true, now);
  return user;
}
