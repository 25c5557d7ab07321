/**
 * Policy toggles and presets (MODEL.md section 4): where each toggle comes from, what it changes,
 * which kernels and RFC versions the presets name, and the `PRESET(+toggle|-toggle)*` syntax of
 * --policy. The kernel machines read only ResolvedPolicy.toggles; everything here is data and text.
 */
import { didYouMean } from './scenario/nearest-name.ts';
import { TOGGLES, type Policy, type ResolvedPolicy, type Toggle } from './policy-types.ts';

export interface ToggleInfo {
  /** The RFC patch (number and title) or kernel commit and version it models. */
  source: string;
  /** One line: what it changes in the model. */
  change: string;
}

export const TOGGLE_INFO: Readonly<Record<Toggle, ToggleInfo>> = {
  oomLockMutex: {
    source: 'RFC patch 6 "mm: oom_kill: simplify OOM killer locking" (in v4.2)',
    change: 'one global oom_lock mutex replaces oom_sem and the per-zone OOM bits; the slowpath still trylocks it, oom_killer_disable takes it',
  },
  victimWaitqueue: {
    source: 'RFC patches 2-5 "clean up victim marking and exiting interfaces" .. "generalize OOM progress waitqueue" (in v4.2)',
    change: 'exit_oom_victim takes no lock and wakes waiters whenever oom_victims reaches 0, not only while the OOM killer is disabled',
  },
  syncOomKill: {
    source: 'RFC patch 8 "mm: page_alloc: wait for OOM killer progress before retrying"',
    change: 'oom_lock is taken killably and blocking; after out_of_memory the task waits under oom_lock until oom_victims == 0 or a timeout',
  },
  oomReserves: {
    source: 'RFC patch 9 "mm: page_alloc: private memory reserves for OOM-killing allocations"',
    change: 'after out_of_memory the allocation retries at the new WMARK_OOM, below min',
  },
  oomReservesNoWmark: {
    source: 'RFC v2 patch 9 "mm: page_alloc: memory reserve access for OOM-killing allocations" (2015-04-27)',
    change: 'after out_of_memory the allocation retries with ALLOC_NO_WATERMARKS',
  },
  nofailReserves: {
    source: 'RFC patch 10 "mm: page_alloc: emergency reserve access for __GFP_NOFAIL allocations"',
    change: 'after out_of_memory a __GFP_NOFAIL allocation retries with ALLOC_NO_WATERMARKS',
  },
  nofsFail: {
    source: 'RFC patch 11 "mm: page_alloc: do not lock up GFP_NOFS allocations upon OOM" (dropped in v2)',
    change: '!__GFP_FS no longer fakes progress in may_oom: the allocation fails when reclaim frees nothing',
  },
  lowOrderFail: {
    source: 'RFC patch 12 "mm: page_alloc: do not lock up low-order allocations upon OOM" (dropped in v2)',
    change: 'after may_oom only __GFP_NOFAIL retries; every other allocation fails',
  },
  oomReaper: {
    source: 'commit aac453635549 "mm, oom: introduce oom reaper" (v4.6)',
    change: "an oom_reaper thread frees a victim's pages unless its mmap_sem is held, then hides it so that another can be picked",
  },
  reclaimRetries: {
    source: 'commit 0a0337e0d1d1 "mm, oom: rework oom detection" (v4.7)',
    change: 'should_reclaim_retry: at most maxNoProgress no-progress loops, and only while free + reclaimable could pass min',
  },
  nofsCheckInOom: {
    source: 'commit 3da88fb3bacfa "mm, oom: move GFP_NOFS check to out_of_memory" (v4.7)',
    change: 'out_of_memory itself returns true without a kill for !(__GFP_FS|__GFP_NOFAIL), after the disabled and self-kill checks',
  },
  costlyNofailNopage: {
    source: 'commit 0a0337e0d1d1 "mm, oom: rework oom detection" (v4.7) as merged, reported by Tetsuo Handa ("mm/page_alloc: Don\'t fail costly __GFP_NOFAIL allocations", 2016-11-17); in no preset',
    change: 'with reclaimRetries, an order > 3 request without __GFP_REPEAT goes to nopage after reclaim even with __GFP_NOFAIL: nopage fails it (v4.7-v4.10), or with nofailHarder retries it (v4.11)',
  },
  costlyProgressNoReset: {
    source: 'commit 0a0337e0d1d1 "mm, oom: rework oom detection" (v4.7) as merged: `if (did_some_progress && order <= PAGE_ALLOC_COSTLY_ORDER) no_progress_loops = 0`; in no preset',
    change: 'with reclaimRetries, reclaim progress does not reset the no-progress count of an order > 3 request (MODEL.md 7 resets it for every order), so a costly __GFP_REPEAT request that keeps reclaiming goes to may_oom after maxNoProgress + 1 passes',
  },
  nofailHarder: {
    source: 'v4.11: "mm, oom: do not enforce OOM killer for __GFP_NOFAIL automatically" and commit 6c18ba7a1899 "mm: help __GFP_NOFAIL allocations which do not trigger OOM killer"',
    change: 'NOFAIL no longer forces a kill; at nopage it tries once with ALLOC_HARDER, then retries',
  },
  patientOomWait: {
    source: 'modelling choice (MODEL.md section 7), in no preset',
    change: 'the syncOomKill wait times out only while no victim can take a step: the typical schedule, not the worst case',
  },
};

/** Matrix column order. */
export const PRESET_NAMES = ['v4.0', 'v4.2', 'rfc', 'rfc-v2', 'v4.7', 'v4.11'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface PresetInfo {
  toggles: readonly Toggle[];
  /** One line: which kernel or posting it is. */
  description: string;
}

const V42: readonly Toggle[] = ['oomLockMutex', 'victimWaitqueue'];
const V47: readonly Toggle[] = [...V42, 'oomReaper', 'reclaimRetries', 'nofsCheckInOom'];

export const PRESETS: Readonly<Record<PresetName, PresetInfo>> = {
  'v4.0': { toggles: [], description: 'v4.0 / mmotm of March 2015, before the RFC (MODEL.md section 3)' },
  'v4.2': { toggles: V42, description: 'v4.2: RFC patches 1-7, the part that was merged' },
  rfc: {
    toggles: [...V42, 'syncOomKill', 'oomReserves', 'nofailReserves', 'nofsFail', 'lowOrderFail'],
    description: 'the RFC of 2015-03-25, all 12 patches',
  },
  'rfc-v2': {
    toggles: [...V42, 'syncOomKill', 'oomReservesNoWmark'],
    description: 'RFC v2 of 2015-04-27: patches 1-8 and the new patch 9; the NOFAIL, NOFS and low-order patches dropped',
  },
  'v4.7': { toggles: V47, description: 'v4.7: v4.2 + oom_reaper (4.6) + OOM detection rework + NOFS check in out_of_memory' },
  'v4.11': { toggles: [...V47, 'nofailHarder'], description: 'v4.11: v4.7 + NOFAIL no longer forces a kill, ALLOC_HARDER at nopage' },
};

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  /** The whole --policy argument. */
  readonly spec: string;
  /** The part of it that is wrong. */
  readonly part: string;
  constructor(spec: string, part: string, message: string) {
    super(message);
    this.spec = spec;
    this.part = part;
  }
}

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

export function isToggle(name: string): name is Toggle {
  return (TOGGLES as readonly string[]).includes(name);
}

export function policyOf(toggles: Iterable<Toggle>): Policy {
  const on = new Set(toggles);
  return Object.fromEntries(TOGGLES.map((t) => [t, on.has(t)])) as Record<Toggle, boolean>;
}

export function enabledToggles(policy: Policy): Toggle[] {
  return TOGGLES.filter((t) => policy[t]);
}

/**
 * Parse `PRESET(+toggle|-toggle)*`, e.g. "v4.0+lowOrderFail-oomLockMutex" or "rfc-v2-syncOomKill".
 * Names are case-sensitive. Presets contain "-" ("rfc-v2"), so the preset is the longest preset
 * name that the spec starts with and that is followed by the end, "+" or "-". Modifiers apply left
 * to right (the last one about a toggle wins); adding a toggle that is already on is allowed.
 */
export function resolvePolicy(spec: string): ResolvedPolicy {
  const trimmed = spec.trim();
  if (trimmed === '') throw new PolicyError(spec, '', `policy: empty; expected PRESET(+toggle|-toggle)*, presets: ${PRESET_NAMES.join(', ')}`);
  const preset = [...PRESET_NAMES]
    .sort((a, b) => b.length - a.length)
    .find((p) => trimmed.startsWith(p) && /^([+-]|$)/.test(trimmed.slice(p.length)));
  if (preset === undefined) {
    const word = /^[^+-]*/.exec(trimmed)?.[0] ?? trimmed;
    if (word === '') {
      throw new PolicyError(spec, word, `policy "${spec}": starts with a toggle, not a preset; expected PRESET(+toggle|-toggle)*, e.g. v4.0${trimmed}; presets: ${PRESET_NAMES.join(', ')}`);
    }
    // "rfc-v3" reads as preset "rfc" with toggle "v3" only if "rfc" matched above; here nothing did.
    const hint = didYouMean(word, PRESET_NAMES) ?? didYouMean(trimmed.split(/[+]/)[0], PRESET_NAMES);
    throw new PolicyError(
      spec,
      word,
      `policy "${spec}": unknown preset "${word}"${hint ? ` (${hint})` : ''}; presets: ${PRESET_NAMES.join(', ')}`,
    );
  }
  const on = new Set<Toggle>(PRESETS[preset].toggles);
  const rest = trimmed.slice(preset.length);
  for (const m of rest.matchAll(/([+-])([^+-]*)/g)) {
    const [, sign, name] = m;
    if (name === '') {
      throw new PolicyError(spec, sign, `policy "${spec}": "${sign}" without a toggle name; toggles: ${TOGGLES.join(', ')}`);
    }
    if (!isToggle(name)) {
      // "rfc-v3" parses as preset rfc minus toggle "v3"; the user probably meant a preset.
      const asPreset = didYouMean(`${preset}${sign}${name}`, PRESET_NAMES);
      const hint = didYouMean(name, TOGGLES) ?? (asPreset ? `${asPreset.replace('?', '')} (a preset)?` : undefined);
      throw new PolicyError(
        spec,
        name,
        `policy "${spec}": unknown toggle "${name}"${hint ? ` (${hint})` : ''}; toggles: ${TOGGLES.join(', ')}`,
      );
    }
    if (sign === '+') on.add(name);
    else on.delete(name);
  }
  return { spec, preset, toggles: policyOf(on) };
}

/** "rfc-v2: oomLockMutex, victimWaitqueue, ..." or "v4.0: (no toggles)". */
export function formatResolvedPolicy(p: ResolvedPolicy): string {
  const on = enabledToggles(p.toggles);
  return `${p.spec}: ${on.length > 0 ? on.join(', ') : '(no toggles)'}`;
}

/** What `oomcheck list policies` prints: every toggle with its source and change, then the presets. */
export function formatPolicyList(): string {
  const width = Math.max(...TOGGLES.map((t) => t.length));
  const lines = ['Toggles:'];
  for (const t of TOGGLES) {
    lines.push(`  ${t.padEnd(width)}  ${TOGGLE_INFO[t].source}`);
    lines.push(`  ${' '.repeat(width)}  ${TOGGLE_INFO[t].change}`);
  }
  lines.push('', 'Presets (combine as PRESET+toggle-toggle, e.g. rfc-lowOrderFail):');
  const pw = Math.max(...PRESET_NAMES.map((p) => p.length));
  for (const p of PRESET_NAMES) {
    const toggles = PRESETS[p].toggles;
    lines.push(`  ${p.padEnd(pw)}  ${PRESETS[p].description}`);
    lines.push(`  ${' '.repeat(pw)}  toggles: ${toggles.length > 0 ? toggles.join(', ') : '(none)'}`);
  }
  return lines.join('\n');
}
