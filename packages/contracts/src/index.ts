export * from './problem.ts';
export * from './auth.ts';
export * from './admin.ts';
export * from './grants.ts';
