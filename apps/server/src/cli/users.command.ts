import { randomBytes } from 'node:crypto';
import { Role } from '@custody/contracts';
import { accountsDb } from '../accounts/database.ts';
import {
  createUser,
  disableUser,
  findUserByUsername,
  listUsers,
  resetSecondFactor,
} from '../accounts/users.ts';
import { HttpProblem } from '../http/problem.ts';
import {
  command,
  configOf,
  json,
  parse,
  UsageError,
  withDatabase,
  noMoreArguments,
} from './common.ts';

const USAGE = `Використання / usage:
  custody users add USERNAME --role ROLE --name "NAME" [--unit UNIT_CODE] [--password P]
  custody users disable USERNAME
  custody users reset-2fa USERNAME
  custody users list [--json]

Облікові записи / accounts (domain.md §2: one account per person). Without --password (or
CUSTODY_PASSWORD) a random password is generated and printed once. Supervisor, hq and admin set up
their second factor (TOTP) at first sign-in; reset-2fa clears it and ends their sessions.
Roles: ${Role.options.join(', ')}.
Exit status: 0 done, 1 failed (no such user, username taken), 2 usage error.`;

async function unitIdOf(database: Parameters<typeof listUsers>[0], code: string | undefined) {
  if (code === undefined) return null;
  const row = await accountsDb(database)
    .selectFrom('units')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirst();
  if (row === undefined) throw new Error(`немає підрозділу / no unit with code ${code}`);
  return row.id;
}

async function idOf(
  database: Parameters<typeof listUsers>[0],
  username: string | undefined,
): Promise<string> {
  if (username === undefined) throw new UsageError('give a USERNAME');
  const row = await findUserByUsername(database, username);
  if (row === undefined) throw new Error(`немає користувача / no user ${username}`);
  return row.id;
}

function problemMessage(error: unknown): never {
  if (error instanceof HttpProblem) throw new Error(error.message);
  throw error;
}

/** `custody users`: add, disable, reset second factor, list (administrator's tasks, domain.md §2). */
export const usersCommand = command(
  'users',
  'облікові записи / user accounts',
  USAGE,
  async (args) => {
    const { values, positionals } = parse(args, {
      role: { type: 'string' },
      name: { type: 'string' },
      unit: { type: 'string' },
      password: { type: 'string' },
      json: { type: 'boolean' },
    });
    const [action, username, ...extra] = positionals;
    noMoreArguments(extra);
    const config = configOf(values.database);
    const now = new Date();
    switch (action ?? '') {
      case 'add': {
        if (username === undefined) throw new UsageError('give a USERNAME');
        const role = Role.safeParse(values.role);
        if (!role.success) throw new UsageError(`--role must be one of ${Role.options.join(', ')}`);
        if (values.name === undefined) throw new UsageError('give --name');
        const generated = values.password ?? process.env['CUSTODY_PASSWORD'];
        const password = generated ?? randomBytes(12).toString('base64url');
        return withDatabase(config, async (database) => {
          const unitId = await unitIdOf(database, values.unit);
          const { id } = await createUser(
            database,
            { username, password, displayName: values.name ?? '', role: role.data, unitId },
            now,
          ).catch(problemMessage);
          if (values.json === true)
            return json({
              id,
              username,
              role: role.data,
              ...(generated === undefined ? { password } : {}),
            });
          return `Створено / created ${username} (${role.data}) ${id}${generated === undefined ? `\npassword: ${password}` : ''}`;
        });
      }
      case 'disable':
      case 'reset-2fa':
        return withDatabase(config, async (database) => {
          const id = await idOf(database, username);
          if (action === 'disable') await disableUser(database, id, now);
          else await resetSecondFactor(database, id, now);
          return `${action === 'disable' ? 'Вимкнено / disabled' : 'Другий фактор скинуто / second factor reset'}: ${username ?? ''}`;
        });
      case 'list':
        return withDatabase(config, async (database) => {
          const users = await listUsers(database);
          if (values.json === true) return json(users);
          return users
            .map(
              (u) =>
                `${u.username.padEnd(22)} ${u.role.padEnd(18)} ${u.disabled ? 'disabled' : 'active  '} ${u.totpEnabled ? 'TOTP' : '    '} ${u.displayName}`,
            )
            .join('\n');
        });
      default:
        throw new UsageError(
          action === undefined
            ? 'give an action: add, disable, reset-2fa, list'
            : `unknown action ${action}`,
        );
    }
  },
);
