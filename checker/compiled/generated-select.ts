/**
 * Transition selection for one event type as generated JavaScript (packed mode only):
 * a switch on the region slots with the guards inlined as calls to their packed twins,
 * returning the id of the selected transition or -1.
 *
 * Why generate code: walking the selection tree calls every guard through one shared
 * call site, which V8 sees as megamorphic and cannot inline; generated code gives each
 * guard use its own call site (monomorphic, inlinable), and the tree walk becomes a
 * switch. The tree (selection.ts `Selection`) is the specification: this file only
 * transcribes it, for the trees that select at most one transition (a parallel node with
 * a single region below it, as when each event is addressed to one process). Other
 * trees keep the generic walk.
 */
import type { PackedGuard } from './packed-context.ts';

/** The parts of the selection tree (selection.ts) this transcribes (structurally typed). */
export type SelectionTree<C> =
  | { readonly kind: 'region'; readonly slot: number; readonly perPath: readonly ({ readonly end: SelectionTree<C> | null; readonly chain: readonly (readonly C[])[] } | null)[] }
  | { readonly kind: 'parallel'; readonly own: readonly C[]; readonly children: readonly SelectionTree<C>[] }
  | { readonly kind: 'atomic'; readonly own: readonly C[] };

/** A guard as code over `s` (packed state) and `e` (event), calling leaf twins held in `leaves`. */
export type GuardCode = (leaves: PackedGuard[]) => string;

export type GeneratedSelect = (s: Int32Array, e: unknown) => number;

/**
 * The generated selector, or null when the tree may select several transitions at once
 * (a parallel node with more than one region that has candidates).
 */
export function generateSelect<C extends { readonly id: number }>(
  tree: SelectionTree<C>,
  guardCode: (candidate: C, leaves: PackedGuard[]) => string | null,
  contextAt: number,
): GeneratedSelect | null {
  const leaves: PackedGuard[] = [];
  const lines: string[] = [];
  const emitOwn = (own: readonly C[], indent: string) => {
    for (const c of own) {
      const guard = guardCode(c, leaves);
      lines.push(guard === null ? `${indent}return ${c.id};` : `${indent}if (${guard}) return ${c.id};`);
      if (guard === null) return;
    }
  };
  const emit = (sel: SelectionTree<C>, indent: string): boolean => {
    if (sel.kind === 'atomic') {
      emitOwn(sel.own, indent);
      return true;
    }
    if (sel.kind === 'parallel') {
      if (sel.children.length > 1) return false;
      if (sel.children.length === 1 && !emit(sel.children[0], indent)) return false;
      emitOwn(sel.own, indent);
      return true;
    }
    lines.push(`${indent}switch (s[${sel.slot}]) {`);
    for (let p = 0; p < sel.perPath.length; p++) {
      const path = sel.perPath[p];
      if (path === null) continue;
      lines.push(`${indent}  case ${p}: {`);
      if (path.end !== null && !emit(path.end, `${indent}    `)) return false;
      for (const own of path.chain) emitOwn(own, `${indent}    `);
      lines.push(`${indent}    break;`, `${indent}  }`);
    }
    lines.push(`${indent}}`);
    return true;
  };
  if (!emit(tree, '  ')) return null;
  lines.push('  return -1;');
  const hoisted = leaves.map((_, i) => `const g${i} = L[${i}];`).join('\n');
  const source = `"use strict";\n${hoisted}\nreturn function select(s, e) {\n${lines.join('\n')}\n};`;
  return new Function('L', 'AT', source)(leaves, contextAt) as GeneratedSelect;
}
