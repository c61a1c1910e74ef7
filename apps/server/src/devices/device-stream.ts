const DEVICE_PREFIX = 'device:';

/** The log stream of one device: its enrolment, its received entries and its revocation. */
export const deviceStream = (deviceId: string): string => `${DEVICE_PREFIX}${deviceId}`;

/** Whether a stream is a device's (not a custody record). */
export const isDeviceStream = (streamId: string): boolean => streamId.startsWith(DEVICE_PREFIX);
