import type { LoginRequest, SessionResponse } from '@custody/contracts';
import { api } from '../../api/client.ts';

/** POST /api/v1/session: 401 `totp_required` means the password was right and a code is needed. */
export function signIn(request: LoginRequest): Promise<SessionResponse> {
  return api.post<SessionResponse>('/session', request, { authRedirect: false });
}

/** GET /api/v1/session: the current session, or a 401 ApiError when there is none. */
export function currentSession(): Promise<SessionResponse> {
  return api.get<SessionResponse>('/session', { authRedirect: false });
}

export function signOut(): Promise<void> {
  return api.delete('/session', { authRedirect: false });
}

/** POST /api/v1/session/revoke-all: ends every session of the user, on every device. */
export function signOutEverywhere(): Promise<void> {
  return api.post('/session/revoke-all', undefined, { authRedirect: false });
}
