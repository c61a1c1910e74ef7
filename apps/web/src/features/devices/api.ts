import type { DeviceList, DeviceView } from '@custody/contracts';
import { api } from '../../api/client.ts';

/** The devices the caller oversees: a supervisor their unit's, an administrator all (issue 19). */
export async function listDevices(): Promise<DeviceView[]> {
  return (await api.get<DeviceList>('/devices')).items;
}

/** Revokes a tablet; entries the server received before stay valid, later ones are refused. */
export function revokeDevice(deviceId: string, reason: string): Promise<DeviceView> {
  return api.post<DeviceView>(`/devices/${encodeURIComponent(deviceId)}/revoke`, { reason });
}
