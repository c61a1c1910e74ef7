#!/usr/bin/env node
// Launcher for the `custody` command-line tool: loads TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../apps/server/src/cli.ts');
