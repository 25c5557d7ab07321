import { describe, expect, it } from 'vitest';
import { formatMessage, message, MESSAGES } from '../../cli/messages.ts';

describe('message registry', () => {
  it('gives every message its own code', () => {
    const codes = Object.values(MESSAGES).map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('fills templates and prints errors with their code on one line', () => {
    const m = message('fileUnreadable', { file: 'x.ts', reason: 'no such\nfile' });
    expect(m.code).toBe(2000);
    expect(formatMessage(m)).toBe('oomcheck: error 2000: cannot read x.ts: no such file');
  });

  it('prints notices as plain prose', () => {
    const m = message('progress', { states: '1,234', rate: '500', queue: 7, depth: 3, seconds: 2 });
    expect(formatMessage(m)).toBe('progress: 1,234 distinct states, 500 states/s, queue 7, depth 3, 2 s');
  });
});
