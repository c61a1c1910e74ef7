/**
 * The app's Content-Security-Policy forbids eval, so zod must not probe `new Function` for its
 * JIT (the probe is logged as a CSP violation). zod 4 reads this global config when it loads;
 * setting it here, first in main.tsx and without importing zod, keeps zod out of the first load.
 */
const holder = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
holder.__zod_globalConfig = { ...holder.__zod_globalConfig, jitless: true };
