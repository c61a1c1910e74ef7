export {
  activeGrantsFor,
  createGrant,
  listGrants,
  migrations,
  type StoredGrant,
} from './grants.ts';
export { registerRoutes } from './grants.routes.ts';
