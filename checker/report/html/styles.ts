/** The report's inline stylesheet: one file, no web fonts, prints well. */
export const REPORT_CSS = `
:root { --bad: #c0392b; --good: #1e8449; --open: #b9770e; --trace: #1f5fbf; --ink: #1b1b1b; --muted: #666; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); margin: 0; padding: 24px 32px; background: #fafafa; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 24px 0 6px; }
.subtitle, .meta { color: var(--muted); }
table.matrix { border-collapse: collapse; background: #fff; margin-top: 8px; }
table.matrix th, table.matrix td { border: 1px solid #ccc; padding: 6px 10px; vertical-align: top; text-align: left; }
table.matrix thead th { background: #f0f0f0; }
table.matrix tbody th { background: #f7f7f7; font-weight: 600; }
.row-title { font-weight: normal; color: var(--muted); font-size: 12px; max-width: 260px; }
td.cell.good { background: #eef8f0; }
td.cell.bad { background: #fdf0ee; }
td.cell.open { background: #fdf6e8; }
td.cell.error { background: #eee; color: var(--bad); }
td.cell.not-run { color: #aaa; }
.violated a, .violated { color: var(--bad); font-weight: 600; }
.holds { color: var(--good); }
.unknown { color: var(--open); }
.vacuous { color: var(--muted); font-style: italic; }
.counterexample { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
.counterexample:target { box-shadow: 0 0 0 3px var(--trace); }
.drawings { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.scroll { overflow: auto; max-width: 100%; }
details summary { cursor: pointer; color: var(--muted); }
pre.text-trace { background: #f5f5f5; padding: 8px; overflow: auto; font-size: 12px; }
svg text { font-family: system-ui, Helvetica, Arial, sans-serif; }
svg.swimlane .lane-head { fill: #eaf0fb; stroke: #9bb3de; }
svg.swimlane .lane-name { font-size: 13px; font-weight: 600; fill: #234; }
svg.swimlane .values-head { font-size: 12px; fill: var(--muted); }
svg.swimlane .lifeline { stroke: #c9d3e6; stroke-dasharray: 4 4; }
svg.swimlane .box { fill: #fff; stroke: var(--trace); stroke-width: 1.2; }
svg.swimlane .box.initial { fill: #f3f3f3; stroke: #999; }
svg.swimlane .box-text { font-size: 11px; fill: #123; }
svg.swimlane .values { fill: #fbfbf4; stroke: #e2e2cc; }
svg.swimlane .value-text { font-size: 11px; font-family: ui-monospace, Menlo, Consolas, monospace; fill: #553; }
svg.swimlane .step-no { font-size: 12px; fill: var(--muted); }
svg.swimlane .cycle-band { fill: rgba(192, 57, 43, 0.06); stroke: var(--bad); stroke-dasharray: 5 3; }
svg.swimlane .cycle-arrow { fill: none; stroke: var(--bad); stroke-width: 1.6; }
svg.swimlane .cycle-label { font-size: 11px; fill: var(--bad); font-weight: 600; }
svg.swimlane .stutter { font-size: 12px; fill: var(--bad); }
svg.state-graph { background: #fff; border: 1px solid #eee; }
svg.state-graph .edge { fill: none; stroke: #bbb; stroke-width: 1; }
svg.state-graph .edge.trace { stroke: var(--trace); stroke-width: 2.2; }
svg.state-graph .edge.loop { stroke: var(--bad); stroke-width: 2.2; }
svg.state-graph .edge-label { font-size: 10px; fill: var(--trace); }
svg.state-graph .edge-label.loop { fill: var(--bad); }
svg.state-graph .node circle { fill: #ddd; stroke: #999; }
svg.state-graph .node.trace circle { fill: #d6e4fa; stroke: var(--trace); stroke-width: 1.5; }
svg.state-graph .node.loop circle { fill: #f9dcd8; stroke: var(--bad); }
svg.state-graph .node.stuck circle { fill: var(--bad); }
svg.state-graph .node.truncated circle { stroke-dasharray: 3 2; }
svg.state-graph .node circle.ring { fill: none; stroke: #333; stroke-width: 1; }
svg.state-graph .node-label { font-size: 9px; fill: #123; pointer-events: none; }
.legend { font-size: 12px; color: var(--muted); }
@media print { body { background: #fff; } .counterexample { break-inside: avoid; } }
`;
