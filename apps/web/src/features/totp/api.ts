import type { TotpSetupResponse } from '@custody/contracts';
import { api } from '../../api/client.ts';

/** A new TOTP secret (RFC 6238, base32 per RFC 4648) that takes effect once confirmed. */
export function startTotpSetup(): Promise<TotpSetupResponse> {
  return api.post<TotpSetupResponse>('/session/totp/setup');
}

export function confirmTotp(code: string): Promise<void> {
  return api.post('/session/totp/confirm', { code });
}
