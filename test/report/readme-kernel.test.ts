// The README's example of asserting kernel verdicts in a test suite (test/cli/readme.test.ts
// checks that the README shows this file's code verbatim, from the first import on).
import { expect, it } from 'vitest';
import 'oomcheck/vitest';
import { checkScenario, findScenario, resolvePolicy } from 'oomcheck/kernel';

it('the RFC leaves the NOFAIL allocation that holds the journal hanging; v4.7 does not', async () => {
  const scenario = findScenario('nofail-holding-lock');
  const rfc = await checkScenario(scenario, resolvePolicy('rfc'));
  expect(rfc).toViolate('nofailCompletes'); // on failure: the counterexample, step by step
  expect(rfc).toHold('conservation');
  const v47 = await checkScenario(scenario, resolvePolicy('v4.7'));
  expect(v47).toHold('nofailCompletes');
});
