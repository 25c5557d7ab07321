/**
 * Policies: presets as MODEL.md section 4 lists them, the PRESET(+toggle|-toggle)* syntax, and
 * errors that name the bad part and list what is valid.
 */
import { describe, expect, it } from 'vitest';
import {
  enabledToggles,
  formatPolicyList,
  PolicyError,
  PRESET_NAMES,
  PRESETS,
  resolvePolicy,
  TOGGLE_INFO,
} from '../../models/kernel/policy.ts';
import { TOGGLES, type Toggle } from '../../models/kernel/policy-types.ts';

const on = (spec: string) => enabledToggles(resolvePolicy(spec).toggles);

describe('presets', () => {
  it('are the matrix columns, in order', () => {
    expect(PRESET_NAMES).toEqual(['v4.0', 'v4.2', 'rfc', 'rfc-v2', 'v4.7', 'v4.11']);
  });

  it('match MODEL.md section 4', () => {
    const set = (spec: string) => new Set(on(spec));
    expect(on('v4.0')).toEqual([]);
    expect(set('v4.2')).toEqual(new Set<Toggle>(['oomLockMutex', 'victimWaitqueue']));
    expect(set('rfc')).toEqual(
      new Set<Toggle>(['oomLockMutex', 'victimWaitqueue', 'syncOomKill', 'oomReserves', 'nofailReserves', 'nofsFail', 'lowOrderFail']),
    );
    expect(set('rfc-v2')).toEqual(new Set<Toggle>(['oomLockMutex', 'victimWaitqueue', 'syncOomKill', 'oomReservesNoWmark']));
    expect(set('v4.7')).toEqual(
      new Set<Toggle>(['oomLockMutex', 'victimWaitqueue', 'oomReaper', 'reclaimRetries', 'nofsCheckInOom']),
    );
    expect(set('v4.11')).toEqual(new Set<Toggle>([...set('v4.7'), 'nofailHarder']));
  });

  it('never include the modelling toggle patientOomWait', () => {
    for (const p of PRESET_NAMES) expect(PRESETS[p].toggles).not.toContain('patientOomWait');
  });

  it('resolve to a full record of every toggle, with spec and preset', () => {
    const r = resolvePolicy('rfc');
    expect(Object.keys(r.toggles).sort()).toEqual([...TOGGLES].sort());
    expect(r.spec).toBe('rfc');
    expect(r.preset).toBe('rfc');
  });
});

describe('PRESET(+toggle|-toggle)*', () => {
  it('adds and removes toggles left to right', () => {
    expect(on('v4.0+lowOrderFail-oomLockMutex')).toEqual(['lowOrderFail']);
    expect(on('v4.2+lowOrderFail-oomLockMutex')).toEqual(['victimWaitqueue', 'lowOrderFail']);
    expect(on('v4.0+nofsFail-nofsFail')).toEqual([]);
    expect(on('v4.0-nofsFail+nofsFail')).toEqual(['nofsFail']);
  });

  it('reads the hyphen in rfc-v2 as part of the preset', () => {
    expect(resolvePolicy('rfc-v2').preset).toBe('rfc-v2');
    const r = resolvePolicy('rfc-v2-syncOomKill');
    expect(r.preset).toBe('rfc-v2');
    expect(r.toggles.syncOomKill).toBe(false);
    expect(r.toggles.oomReservesNoWmark).toBe(true);
    expect(resolvePolicy('rfc-oomReserves').preset).toBe('rfc');
  });

  it('keeps the spec as written', () => {
    expect(resolvePolicy('v4.7+patientOomWait').spec).toBe('v4.7+patientOomWait');
  });
});

describe('errors', () => {
  function policyError(spec: string): PolicyError {
    try {
      resolvePolicy(spec);
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      expect((e as PolicyError).message).not.toContain('\n');
      return e as PolicyError;
    }
    throw new Error(`"${spec}" was accepted`);
  }

  it('unknown toggle: names it, suggests the nearest, lists all toggles', () => {
    const e = policyError('rfc+nofsfial');
    expect(e.part).toBe('nofsfial');
    expect(e.message).toContain('unknown toggle "nofsfial"');
    expect(e.message).toContain('did you mean "nofsFail"?');
    for (const t of TOGGLES) expect(e.message).toContain(t);
  });

  it('names are case-sensitive', () => {
    expect(policyError('v4.0+oomlockmutex').message).toContain('did you mean "oomLockMutex"?');
    expect(policyError('RFC').message).toContain('did you mean "rfc"?');
  });

  it('unknown preset lists the presets', () => {
    const e = policyError('v4.3+nofsFail');
    expect(e.part).toBe('v4.3');
    for (const p of PRESET_NAMES) expect(e.message).toContain(p);
  });

  // "-nothing" used to read as an unknown preset named "" (a message that names nothing).
  it('a spec that starts with a toggle says that a preset comes first', () => {
    expect(policyError('-nofsFail').message).toMatch(/starts with a toggle, not a preset; .*e\.g\. v4\.0-nofsFail/);
  });

  it('an empty spec, a sign without a name, and a near-miss preset', () => {
    expect(policyError('').message).toContain('empty');
    expect(policyError('v4.0+').message).toContain('"+" without a toggle name');
    expect(policyError('rfc-v3').message).toContain('"rfc-v2" (a preset)');
  });
});

describe('documentation', () => {
  it('every toggle has a source and a one-line change', () => {
    for (const t of TOGGLES) {
      expect(TOGGLE_INFO[t].source.length).toBeGreaterThan(10);
      expect(TOGGLE_INFO[t].change.length).toBeGreaterThan(10);
      expect(TOGGLE_INFO[t].change).not.toContain('\n');
    }
  });

  it('RFC toggles cite their patch number, later kernels their version', () => {
    expect(TOGGLE_INFO.syncOomKill.source).toMatch(/patch 8/);
    expect(TOGGLE_INFO.oomReserves.source).toMatch(/patch 9/);
    expect(TOGGLE_INFO.nofailReserves.source).toMatch(/patch 10/);
    expect(TOGGLE_INFO.nofsFail.source).toMatch(/patch 11/);
    expect(TOGGLE_INFO.lowOrderFail.source).toMatch(/patch 12/);
    expect(TOGGLE_INFO.oomReaper.source).toMatch(/aac453635549.*v4\.6/);
    expect(TOGGLE_INFO.reclaimRetries.source).toMatch(/v4\.7/);
    expect(TOGGLE_INFO.nofailHarder.source).toMatch(/v4\.11/);
  });

  it('formatPolicyList prints every toggle with its source and every preset with its toggles', () => {
    const text = formatPolicyList();
    for (const t of TOGGLES) {
      expect(text).toContain(t);
      expect(text).toContain(TOGGLE_INFO[t].source);
    }
    for (const p of PRESET_NAMES) expect(text).toMatch(new RegExp(`^  ${p.replace('.', '\\.')} `, 'm'));
  });
});

describe('docs/policies.md', () => {
  it('names every toggle with its source and every preset', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/policies.md', import.meta.url), 'utf8');
    for (const t of TOGGLES) {
      expect(doc).toContain(`\`${t}\``);
      expect(doc).toContain(TOGGLE_INFO[t].source);
    }
    for (const p of PRESET_NAMES) expect(doc).toContain(`\`${p}\``);
  });
});
