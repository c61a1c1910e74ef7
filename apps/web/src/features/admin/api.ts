import type {
  ApiToken,
  CreateApiTokenRequest,
  CreateRoomRequest,
  CreateUnitRequest,
  CreateUserRequest,
  CreatedApiToken,
  IssuableTokenScopes,
  Room,
  Unit,
  UnitSupervisor,
  User,
} from '@custody/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { keys } from '../../api/query-client.ts';

const id = encodeURIComponent;

/** Units the caller may see (GET /api/v1/units is scoped by the server). */
export function listUnits(): Promise<Unit[]> {
  return api.get<Unit[]>('/units');
}
export function createUnit(body: CreateUnitRequest): Promise<Unit> {
  return api.post<Unit>('/units', body);
}
export function updateUnit(unitId: string, body: Partial<CreateUnitRequest>): Promise<Unit> {
  return api.patch<Unit>(`/units/${id(unitId)}`, body);
}

export function listRooms(unitId: string): Promise<Room[]> {
  return api.get<Room[]>(`/units/${id(unitId)}/rooms`);
}
/** The unit's active supervisors, whom an approval may name (domain.md §2, §3.8). */
export function listSupervisors(unitId: string): Promise<UnitSupervisor[]> {
  return api.get<UnitSupervisor[]>(`/units/${id(unitId)}/supervisors`);
}
export const supervisorsQuery = (unitId: string) =>
  queryOptions({ queryKey: keys.supervisors(unitId), queryFn: () => listSupervisors(unitId) });
export function createRoom(unitId: string, body: CreateRoomRequest): Promise<Room> {
  return api.post<Room>(`/units/${id(unitId)}/rooms`, body);
}
export function updateRoom(
  roomId: string,
  body: Partial<Pick<Room, 'name' | 'kind' | 'capacity' | 'active'>>,
): Promise<Room> {
  return api.patch<Room>(`/rooms/${id(roomId)}`, body);
}

/** Accounts (admin only; domain.md §2: an administrator manages users, never custody content). */
export function listUsers(): Promise<User[]> {
  return api.get<User[]>('/users');
}
export function createUser(body: CreateUserRequest): Promise<User> {
  return api.post<User>('/users', body);
}
/** Disables the account and ends its sessions; accounts are never deleted (their entries name them). */
export function disableUser(userId: string): Promise<void> {
  return api.post(`/users/${id(userId)}/disable`);
}
/** Removes the user's TOTP secret; a role that needs one must enrol again at next sign-in. */
export function resetUserTotp(userId: string): Promise<void> {
  return api.post(`/users/${id(userId)}/reset-second-factor`);
}

export function listTokens(): Promise<ApiToken[]> {
  return api.get<ApiToken[]>('/api-tokens');
}
/** The scopes the signed-in person may put on a token (the server's token ceiling decides). */
export function issuableScopes(): Promise<IssuableTokenScopes> {
  return api.get<IssuableTokenScopes>('/api-tokens/scopes');
}
/** The response carries the token itself, the only time it is ever shown. */
export function createToken(body: CreateApiTokenRequest): Promise<CreatedApiToken> {
  return api.post<CreatedApiToken>('/api-tokens', body);
}
export function revokeToken(tokenId: string): Promise<void> {
  return api.delete(`/api-tokens/${id(tokenId)}`);
}

/** The units the caller may see, cached for every screen that names or zones a unit. */
export const unitsQuery = () =>
  queryOptions({ queryKey: keys.units(), queryFn: listUnits, staleTime: 60_000 });

/**
 * The units whose whiteboard the caller may read now (the server decides: HQ every unit, a
 * monitor the units of a grant valid now), for the whiteboard's unit picker.
 */
export const whiteboardUnitsQuery = () =>
  queryOptions({
    queryKey: keys.whiteboardUnits(),
    queryFn: () => api.get<Unit[]>('/units?whiteboard=true'),
  });

/** A unit's rooms and cells. */
export const roomsQuery = (unitId: string) =>
  queryOptions({ queryKey: keys.rooms(unitId), queryFn: () => listRooms(unitId) });
