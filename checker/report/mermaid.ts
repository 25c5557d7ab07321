/**
 * A counterexample as a Mermaid sequence diagram, which GitHub renders in issues and
 * pull requests: one participant per process (task, kernel thread, region) in order of
 * appearance, each step an arrow on its process's lifeline, and the shared values that
 * changed as a note spanning all lifelines. A lasso's cycle sits in a `loop` block
 * headed "back to step i".
 *
 * Generic: the process comes from each step's `process`, the shared values from its
 * `changed`. A step whose event names another participant (a field of the event
 * whose value is that participant's name, as in `{type: 'kill', victim: 'V'}`) is an
 * arrow to it; every other step is an arrow from the process to itself.
 */
import type { CheckResult, PropertyResult, Trace, TraceStep } from '../result.ts';
import { eventLabel } from './text.ts';

export interface MermaidOptions {
  /** A title line (`title ...` is not sequence syntax; printed as a leading note). */
  title?: string;
  /** Longest note text before it is cut (default 160 characters). */
  maxNoteLength?: number;
  /** Picks the participant a step is addressed to; default: the event field naming a participant. */
  target?: (step: TraceStep, participants: readonly string[]) => string | undefined;
}

/** The name used when a step carries no process. */
export const ANONYMOUS_PROCESS = 'system';

export function renderMermaidTrace(trace: Trace, options: MermaidOptions = {}): string {
  const max = options.maxNoteLength ?? 160;
  const participants = participantsOf(trace);
  const id = new Map(participants.map((p, i) => [p, `P${i}`]));
  const lines = ['sequenceDiagram'];
  for (const p of participants) lines.push(`  participant ${id.get(p)} as ${escapeText(p)}`);
  const span = participants.length > 1 ? `${id.get(participants[0])},${id.get(participants[participants.length - 1])}` : id.get(participants[0]);
  if (options.title) lines.push(`  Note over ${span}: ${escapeText(cut(options.title, max))}`);
  const initial = trace.steps[0];
  if (initial) lines.push(`  Note over ${span}: ${escapeText(cut(`0: initial ${valuesText(initial.state)}`, max))}`);
  const target = options.target ?? defaultTarget;
  let indent = '  ';
  for (const step of trace.steps.slice(1)) {
    if (trace.loop !== undefined && step.index === trace.loop + 1) {
      lines.push(`${indent}loop back to step ${trace.loop}`);
      indent = '    ';
    }
    const from = id.get(step.process ?? ANONYMOUS_PROCESS)!;
    const to = id.get(target(step, participants) ?? '') ?? from;
    lines.push(`${indent}${from}->>${to}: ${escapeText(cut(`${step.index}: ${stepText(step)}`, max))}`);
    const changed = Object.keys(step.changed).length ? valuesText(step.changed) : '(nothing changed)';
    lines.push(`${indent}Note over ${span}: ${escapeText(cut(changed, max))}`);
  }
  if (trace.loop !== undefined && trace.loop + 1 < trace.steps.length) lines.push('  end');
  else if (trace.loop !== undefined) lines.push(`  Note over ${span}: back to step ${trace.loop}`);
  if (trace.stutters) lines.push(`  Note over ${span}: no further step: stutters forever`);
  return lines.join('\n') + '\n';
}

/**
 * `--format mermaid`: Markdown, one heading and one fenced mermaid block per
 * counterexample, ready to paste into a GitHub comment.
 */
export function renderMermaid(result: CheckResult, options: MermaidOptions = {}): string {
  const withTraces = result.results.filter((r): r is PropertyResult & { trace: Trace } => r.trace !== undefined);
  if (withTraces.length === 0) return 'No counterexample: every checked property holds or is unsettled.\n';
  return withTraces
    .map((r) => `### ${r.kind} property \`${r.property}\` ${r.status}\n\n\`\`\`mermaid\n${renderMermaidTrace(r.trace, options)}\`\`\`\n`)
    .join('\n');
}

/** Processes in order of first appearance (the anonymous one only if some step lacks a process). */
export function participantsOf(trace: Trace): string[] {
  const out: string[] = [];
  for (const step of trace.steps.slice(1)) {
    const p = step.process ?? ANONYMOUS_PROCESS;
    if (!out.includes(p)) out.push(p);
  }
  if (out.length === 0) out.push(ANONYMOUS_PROCESS);
  return out;
}

function defaultTarget(step: TraceStep, participants: readonly string[]): string | undefined {
  if (!step.event || typeof step.event !== 'object') return undefined;
  for (const [k, v] of Object.entries(step.event as Record<string, unknown>)) {
    if (k !== 'type' && typeof v === 'string' && v !== step.process && participants.includes(v)) return v;
  }
  return undefined;
}

function stepText(step: TraceStep): string {
  const event = eventLabel(step.event);
  if (!step.description || step.description === event) return event;
  return step.description;
}

export function valuesText(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v === undefined ? 'undefined' : JSON.stringify(v)}`)
    .join(', ');
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

/**
 * Mermaid's sequence grammar ends a message at `;`, a newline or `#`-comments, and
 * reads `:` or `->>` specially in some positions: entity codes keep the text literal.
 */
export function escapeText(text: string): string {
  const codes: Record<string, string> = { '#': '#35;', ';': '#59;', '<': '#lt;', '>': '#gt;' };
  return text.replace(/\r?\n/g, ' ').replace(/[#;<>]/g, (c) => codes[c]);
}
