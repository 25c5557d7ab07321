// A module-resolution hook that appends every resolved URL to $OOMCHECK_MODULE_LOG:
// test/cli/startup.test.ts runs `node --import ./log-modules.mjs bin/oomcheck.js ...`
// to see which modules a command loads.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';

if (import.meta.url.endsWith('?hooks')) {
  // (loaded as the hooks module, in the loader thread)
} else {
  register(new URL('./log-modules.mjs?hooks', import.meta.url));
}

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.OOMCHECK_MODULE_LOG) appendFileSync(process.env.OOMCHECK_MODULE_LOG, result.url + '\n');
  return result;
}
