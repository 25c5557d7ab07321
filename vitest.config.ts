/**
 * vitest for `npm test`. Two reporters: the default one for people, and a JSON
 * report under test/artifacts/ (gitignored) from which .ci/run prints its one line
 * "N passed, N failed". Aliases make `import ... from 'oomcheck'` (as users and the
 * fixtures write it) resolve to this repository's sources inside tests.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^oomcheck$/, replacement: here('./index.ts') },
      { find: /^oomcheck\/vitest$/, replacement: here('./checker/report/vitest-matchers.ts') },
      { find: /^oomcheck\/kernel$/, replacement: here('./models/kernel/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test/artifacts/vitest.json' },
  },
});
