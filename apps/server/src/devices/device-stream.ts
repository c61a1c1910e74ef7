const DEVICE_PREFIX = 'device:';

/** The log stream of one device: its enrolment, its received entries and its revocation. */
export const deviceStream = (deviceId: string): string => `${DEVICE_PREFIX}${deviceId}`;

/** Whether a stream is a device's (not a custody record). */
export const isDeviceStream = (streamId: string): boolean => streamId.startsWith(DEVICE_PREFIX);

/** Event types of a device stream (issue 19). */
export const DEVICE_ENROLLED = 'DeviceEnrolled';
export const DEVICE_REVOKED = 'DeviceRevoked';
export const DEVICE_ENTRY_RECEIVED = 'DeviceEntryReceived';
