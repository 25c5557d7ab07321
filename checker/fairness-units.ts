/**
 * Names the fairness units met during a search (one per process, plus per-action units)
 * and their kind, so edges can carry small integer unit ids.
 */
import type { FairnessSpec } from './model.ts';
import type { FairnessUnit, FairnessKind } from './liveness/graph.ts';

export class FairnessUnits {
  readonly units: FairnessUnit[] = [];
  private byName = new Map<string, number>();

  constructor(private readonly spec: FairnessSpec<any, any> | undefined) {}

  processUnit(name: string): number {
    return this.unit(name, this.kindOf(name));
  }

  extraUnit(action: unknown, state: unknown): number {
    const extra = this.spec?.actionUnits?.(action, state);
    if (!extra || extra.length === 0) return -1;
    return this.unit(extra[0], 'weak');
  }

  describe(): string {
    const byKind = (kind: FairnessKind) => this.units.filter((u) => u.kind === kind).map((u) => u.name);
    const parts: string[] = [];
    const weak = byKind('weak');
    const strong = byKind('strong');
    const none = byKind('none');
    if (weak.length) parts.push(`weak fairness for ${weak.join(', ')}`);
    if (strong.length) parts.push(`strong fairness for ${strong.join(', ')}`);
    if (none.length) parts.push(`no fairness for ${none.join(', ')}`);
    // A name in the spec that no step's process had is most likely a typo ('a' for 'A'):
    // its process silently keeps weak fairness, so say so where the fairness is reported.
    const met = new Set(this.units.map((u) => u.name));
    const unmet = [...(this.spec?.unfair ?? []), ...(this.spec?.strong ?? [])].filter((name) => !met.has(name));
    if (unmet.length) parts.push(`no step was taken by ${unmet.map((n) => `'${n}'`).join(', ')}, named in the fairness option: check the spelling`);
    return parts.join('; ') || 'no processes';
  }

  private kindOf(name: string): FairnessKind {
    if (this.spec?.unfair?.includes(name)) return 'none';
    if (this.spec?.strong?.includes(name)) return 'strong';
    return 'weak';
  }

  private unit(name: string, kind: FairnessKind): number {
    let id = this.byName.get(name);
    if (id === undefined) {
      id = this.units.length;
      this.units.push({ name, kind });
      this.byName.set(name, id);
    }
    return id;
  }
}
