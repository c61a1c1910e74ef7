import { COMMAND_TYPES, type CommandType } from '@custody/domain';
import { z } from 'zod';
import { Locale, Role, UNIT_ROLES } from './auth.ts';

export const Id = z.string().min(1).max(100);

/** An active supervisor of a unit, whom an approval may name (domain.md §2, §3.8). */
export const UnitSupervisor = z.object({ id: z.string(), displayName: z.string() });
export type UnitSupervisor = z.infer<typeof UnitSupervisor>;

export const User = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  unitId: z.string().nullable(),
  locale: Locale,
  disabled: z.boolean(),
  totpEnabled: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

export const CreateUserRequest = z.strictObject({
  username: z
    .string()
    .min(3)
    .max(64)
    .regex(/^[a-z0-9._-]+$/),
  password: z.string().min(12).max(1000),
  displayName: z.string().min(1).max(200),
  role: Role,
  unitId: Id.nullable(),
  locale: Locale.default('uk'),
});
export type CreateUserRequest = z.input<typeof CreateUserRequest>;

export const Unit = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
});
export type Unit = z.infer<typeof Unit>;

export const CreateUnitRequest = z.strictObject({
  code: z.string().min(1).max(50),
  name: z.string().min(1).max(200),
  timeZone: z.string().min(1).max(100).default('Europe/Kyiv'),
});
export type CreateUnitRequest = z.input<typeof CreateUnitRequest>;

export const UpdateUnitRequest = CreateUnitRequest.partial();

export const RoomKind = z.enum(['cell', 'interview', 'medical', 'zone', 'other']);
export type RoomKind = z.infer<typeof RoomKind>;

export const Room = z.object({
  id: z.string(),
  unitId: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  kind: RoomKind,
  capacity: z.number().int().nonnegative(),
  active: z.boolean(),
});
export type Room = z.infer<typeof Room>;

export const CreateRoomRequest = z.strictObject({
  name: z.string().min(1).max(200),
  kind: RoomKind,
  capacity: z.number().int().min(0).max(1000).default(0),
  parentId: Id.nullable().default(null),
});
export type CreateRoomRequest = z.input<typeof CreateRoomRequest>;

export const UpdateRoomRequest = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  kind: RoomKind.optional(),
  capacity: z.number().int().min(0).max(1000).optional(),
  active: z.boolean().optional(),
});

/**
 * Scopes an API token of a system integration may hold. `records:commands` issues the token's
 * listed `commands` in its unit, acting as its `actsAs` role, the token's name shown as the actor.
 */
export const TokenScope = z.enum([
  'records:read',
  'records:write',
  'records:commands',
  'metrics',
  'integrity:read',
]);
export type TokenScope = z.infer<typeof TokenScope>;

/** A domain command a token may issue (one route each). */
export const TokenCommand = z.enum(COMMAND_TYPES as [CommandType, ...CommandType[]]);
export type TokenCommand = z.infer<typeof TokenCommand>;

/** The unit role a writing token acts as (never hq, a monitor, a lawyer or an administrator). */
export const TokenRole = z.enum(UNIT_ROLES as [Role, ...Role[]]);
export type TokenRole = z.infer<typeof TokenRole>;

export const ApiToken = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(TokenScope),
  /** With `records:commands`: the commands it may issue; empty otherwise. */
  commands: z.array(TokenCommand),
  /** With `records:commands`: the role it acts as; null otherwise. */
  actsAs: TokenRole.nullable(),
  /** The person who issued it: the token never does more than they may. */
  createdBy: z.string(),
  unitId: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

/**
 * A token is never more than the person issuing it may do (each scope, command and the acting
 * role checked against them and again at every use); an administrator's token reads and writes
 * no custody content.
 */
export const CreateApiTokenRequest = z.object({
  name: z.string().trim().min(1).max(200),
  scopes: z.array(TokenScope).min(1),
  commands: z.array(TokenCommand).max(100).default([]),
  actsAs: TokenRole.nullable().default(null),
  unitId: Id.nullable().default(null),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type CreateApiTokenRequest = z.input<typeof CreateApiTokenRequest>;

/** The token itself appears in this response only; the server keeps its SHA-256. */
export const CreatedApiToken = ApiToken.extend({ token: z.string() });
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;

/**
 * What the caller may put on a token of their own unit (every unit for a person without one), as
 * the token ceiling decides at issue: what the new-token form offers. `records:commands` is among
 * the scopes when `commands` names at least one role: each unit role a token may act as, with the
 * commands it may list acting as that role (those the caller may issue and the role holds), in
 * the caller's unit `unitId`.
 */
export const IssuableTokenScopes = z.object({
  scopes: z.array(TokenScope),
  commands: z.array(z.object({ actsAs: TokenRole, commands: z.array(TokenCommand) })),
  unitId: z.string().nullable(),
});
export type IssuableTokenScopes = z.infer<typeof IssuableTokenScopes>;
