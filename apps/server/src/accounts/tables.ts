import type { Kysely } from 'kysely';

/** Instants are stored as ISO-8601 UTC text (sortable, identical on SQLite and PostgreSQL). */
export type UnitsTable = {
  id: string;
  code: string;
  name: string;
  time_zone: string;
  created_at: string;
};

export type RoomsTable = {
  id: string;
  unit_id: string;
  parent_id: string | null;
  name: string;
  kind: string;
  capacity: number;
  active: number;
};

export type UsersTable = {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  unit_id: string | null;
  locale: string;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  /** The last TOTP time step accepted, so that a code is never accepted twice. */
  totp_last_step: number | null;
  disabled: number;
  created_at: string;
};

/**
 * The user's columns a request's session reads (`sessions.ts`): never the password hash nor a
 * TOTP secret, only whether one is set (`totp_enabled`, 0 or 1).
 */
export type SessionUserRow = Pick<
  UsersTable,
  'id' | 'username' | 'display_name' | 'role' | 'unit_id' | 'locale' | 'disabled'
> & { readonly totp_enabled: number };

export type SessionsTable = {
  /** SHA-256 (hex) of the cookie value; the cookie value itself is never stored. */
  id_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
};

export type ApiTokensTable = {
  id: string;
  name: string;
  token_hash: string;
  scopes: string;
  /** JSON array of the command types a `records:commands` token may issue. */
  commands: string;
  /** The unit role a `records:commands` token acts as. */
  acts_as: string | null;
  unit_id: string | null;
  created_by: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
};

export type LoginAttemptsTable = {
  id: string;
  at: string;
  ip: string;
  username: string;
  success: number;
};

export type AccountsSchema = {
  units: UnitsTable;
  rooms: RoomsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
};

export type AccountsDb = Kysely<AccountsSchema>;
