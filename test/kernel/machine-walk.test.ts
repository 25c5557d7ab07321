/**
 * The kernel machine on random walks through every built-in scenario under every preset
 * (plus the toggles no preset has): invariants that hold by construction (MODEL.md 1
 * conservation, victim accounting, one oom_lock holder), the context's mirror of the
 * control state, and kernelEvents' soundness: an event it does not offer is not enabled.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { kernelEvents } from '../../models/kernel/events.ts';
import { resolvePolicy, PRESET_NAMES } from '../../models/kernel/policy.ts';
import { loadScenarioFile } from '../../models/kernel/scenario/load.ts';
import { buildKernelModel, type KernelSnapshotOf } from '../../models/kernel/system.ts';
import { stepOutcome } from '../../models/kernel/step-outcome.ts';
import { allocPending, phaseOf, totalTaskPages } from '../../models/kernel/state.ts';
import type { KernelEvent } from '../../models/kernel/machine-parts.ts';
import { rng } from '../fixtures/rng.ts';

const dir = fileURLToPath(new URL('../../models/kernel/scenarios/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const policies = [...PRESET_NAMES, 'rfc+patientOomWait+oomReaper', 'v4.2+oomReserves+nofailReserves+lowOrderFail'];


describe('MODEL.md 1 conservation and 5 invariants on random walks (every built-in scenario x preset)', () => {
  for (const file of files) {
    it(file, { timeout: 20_000 }, () => {
      const scn = loadScenarioFile(dir + file);
      for (const spec of policies) {
        const { model, config } = buildKernelModel(scn, resolvePolicy(spec).toggles);
        const managed = scn.zone.managed;
        const rand = rng(file.length * 7919 + spec.length);
        for (let walk = 0; walk < 2; walk++) {
          let s = model.initialStates()[0];
          const ok = (cond: boolean, what: string) => {
            if (!cond) throw new Error(`${file} under ${spec}: ${what} fails in ${JSON.stringify(s.value)} ${JSON.stringify(s.context)}`);
          };
          for (let i = 0; i < 30; i++) {
            const c = s.context;
            // conservation: free + task pages + clean + dirty == managed, all >= 0
            ok(c.free + totalTaskPages(c) + c.clean + c.dirty === managed, 'conservation');
            ok(Math.min(c.free, c.clean, c.dirty, ...Object.values(c.tasks).map((t) => t.pages)) >= 0, 'no negative page count');
            if (s.value === 'panic') break;
            // victimAccounting: oom_victims == tasks with TIF_MEMDIE
            ok(c.oomVictims === Object.values(c.tasks).filter((t) => t.memdie).length, 'victimAccounting');
            // the oom_lock holder is in the slowpath; memdie implies killed
            if (c.oomLock !== null) ok(allocPending(s, c.oomLock), 'oom_lock holder is allocating');
            for (const name of Object.keys(c.tasks)) {
              const t = c.tasks[name];
              if (t.memdie) ok(t.killed, `${name}: TIF_MEMDIE implies SIGKILL`);
              ok((t.alloc !== null) === allocPending(s, name), `${name}: alloc context mirrors the alloc phase`);
              ok((t.sleepingOn !== null) === (phaseOf(s, name) === 'lockWait' || phaseOf(s, name) === 'oomDisableWait'), `${name}: sleepingOn mirrors D-state sleeps`);
            }
            const offered = kernelEvents(config, s);
            // soundness of the offer: ordinary, timeout and kill events not offered are not enabled
            const candidates: KernelEvent[] = [];
            for (const t of scn.tasks) {
              candidates.push({ type: t.name }, { type: `${t.name}.timeout` });
              for (const v of scn.tasks) candidates.push({ type: `${t.name}.kill`, victim: v.name });
            }
            candidates.push({ type: 'kswapd' }, { type: 'oom_reaper' });
            for (const e of i % 4 === 0 ? candidates : []) {
              if (offered.some((o) => o.type === e.type && o.victim === e.victim)) continue;
              ok(model.nextState(s, e) === undefined, `${JSON.stringify(e)} not offered but enabled`);
            }
            const enabled = offered.map((e) => [e, model.nextState(s, e)] as const).filter((x): x is readonly [KernelEvent, KernelSnapshotOf] => x[1] !== undefined);
            if (enabled.length === 0) break;
            const [e, next] = enabled[Math.floor(rand() * enabled.length)];
            // every step has a kernel-terms line naming its process, and an outcome
            ok(model.describeStep(s, e, next).startsWith(e.type.split('.')[0]), 'trace line names the process');
            const o = stepOutcome(config, s, e, next);
            if (o.kill) ok(e.type === `${o.kill.killer}.kill`, 'a kill comes from NAME.kill');
            s = next;
          }
        }
      }
    });
  }
});
