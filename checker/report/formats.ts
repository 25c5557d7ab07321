/**
 * The report formats by name: what `--format NAME` prints. Each is a pure function of
 * a run's result plus what the run knew (the model, for formats that explore again;
 * the source, for formats that must be replayable). The CLI's `--format` choices are
 * `FORMAT_NAMES`.
 */
import type { Model } from '../model.ts';
import type { CheckResult } from '../result.ts';
import { renderDot, type DotOptions } from './dot.ts';
import { renderItf } from './itf.ts';
import { toJsonReport } from './json.ts';
import { renderMermaid } from './mermaid.ts';
import { renderText } from './text.ts';
import type { TraceSource } from './trace-source.ts';

export interface FormatContext {
  /** The model the result came from: `dot` explores a counterexample's neighbourhood through it. */
  model?: Model<any, any>;
  /** Where the model came from: carried by `json` and `itf` so that `oomcheck replay` can rebuild it. */
  source?: TraceSource;
  /** Extra top-level fields of the JSON report, e.g. the kernel's `scenario` and `policy`. */
  jsonExtra?: Record<string, unknown>;
  dot?: DotOptions;
}

export type RenderFunction = (result: CheckResult, context: FormatContext) => string;

export interface ReportFormat {
  name: string;
  /** One line for --help. */
  description: string;
  render: RenderFunction;
}

export const FORMATS = {
  text: { name: 'text', description: 'for people: verdicts and counterexamples with the values that changed', render: (r) => renderText(r) },
  json: {
    name: 'json',
    description: 'one JSON object { source?, stats, results } for scripts; replayable with `oomcheck replay`',
    render: (r, ctx) => JSON.stringify(withSource(r, ctx), null, 2) + '\n',
  },
  itf: {
    name: 'itf',
    description: 'Informal Trace Format (Apalache, Quint): one document per counterexample (an array when several)',
    render: (r, ctx) => renderItf(r, ctx.source ? { source: ctx.source } : {}),
  },
  mermaid: {
    name: 'mermaid',
    description: 'Markdown with a Mermaid sequence diagram per counterexample (renders on GitHub)',
    render: (r) => renderMermaid(r),
  },
  dot: {
    name: 'dot',
    description: 'Graphviz DOT: each counterexample with its neighbourhood in the state graph',
    render: (r, ctx) => {
      if (!ctx.model) throw new Error('the dot format needs the model to explore the neighbourhood');
      return renderDot(ctx.model, r, ctx.dot);
    },
  },
} as const satisfies Record<string, ReportFormat>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATS, name);
}

export function renderFormat(name: FormatName, result: CheckResult, context: FormatContext = {}): string {
  return FORMATS[name].render(result, context);
}

/**
 * The JSON report with `source` first (and any extra fields such as scenario and
 * policy): until json.ts takes a source itself, this is where the field is added.
 */
function withSource(result: CheckResult, ctx: FormatContext): Record<string, unknown> {
  const report = toJsonReport(result) as unknown as Record<string, unknown>;
  return { ...(ctx.source ? { source: ctx.source } : {}), ...ctx.jsonExtra, ...report };
}
