#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: tsx registers a loader, so
// `npx oomcheck` works right after `npm ci` on a fresh clone.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
