export { deviceMigrations } from './devices.tables.ts';
export { deviceStream, isDeviceStream } from './device-registry.ts';
export { registerDeviceRoutes } from './devices.routes.ts';
export { deviceStamps, withDeviceStamps } from './device-stamps.ts';
