export * from './actions.ts';
export * from './authorize.ts';
export * from './principal.ts';
