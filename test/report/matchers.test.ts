/** The vitest matchers users get from `import 'oomcheck/vitest'`. */
import { describe, expect, it } from 'vitest';
import 'oomcheck/vitest';
import { check } from '../../checker/check.ts';
import { counterModel, counterProperties } from './fixtures.ts';

const result = await check(counterModel, counterProperties);

describe('toHold / toViolate', () => {
  it('pass on the verdicts of a run', () => {
    expect(result).toHold('nonNegative');
    expect(result).toViolate('below3');
    expect(result).not.toHold('below3');
    expect(result).not.toViolate('nonNegative');
  });

  it('fail with the readable counterexample', () => {
    let text = '';
    try {
      expect(result).toHold('below3');
    } catch (e) {
      text = (e as Error).message;
    }
    expect(text).toMatch(/expected property 'below3' to hold, but it is violated/);
    expect(text).toMatch(/Counterexample for invariant property 'below3' \(3 steps\)/);
    // The description starts with the process ("counter: ..."), so the [counter] tag is not repeated.
    expect(text).toMatch(/Step 3: inc: counter: 2 -> 3/);
  });

  it('fail clearly for a property that was not checked or a value that is not a result', () => {
    expect(() => expect(result).toHold('nosuch')).toThrow(/property 'nosuch' was not checked; checked: below3, nonNegative, deadlock/);
    expect(() => expect(42).toViolate('x')).toThrow(/expected a CheckResult/);
    expect(() => expect(result).toViolate('nonNegative')).toThrow(/to be violated, but it is holds/);
  });
});
