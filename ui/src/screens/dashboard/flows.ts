// The flow funnel (sessions started → resolved / escalated / abandoned / still active) and the
// per-flow table with the steps where trainees drop out.

import type { Drill, FlowFigures } from '../../lib/backend/types';
import { h } from '../../lib/dom';
import { docHref } from '../../lib/route';
import { fmtRate } from './format';
import { table } from './table';

type OpenDrill = (title: string, drill: Drill) => void;

const STAGES = [
  { key: 'resolved', label: 'Resolved' },
  { key: 'escalated', label: 'Escalated' },
  { key: 'abandoned', label: 'Abandoned' },
  { key: 'active', label: 'Still open' },
] as const;

export function flowSection(flows: FlowFigures[], open: OpenDrill): HTMLElement {
  const started = sum(flows, (f) => f.started);
  if (started === 0) return h('p.dash-empty-note', { text: 'No flow sessions were started in this period.' });
  const funnel = h('div.funnel', { id: 'flow-funnel' }, [
    stage('Started', started, started, 'started', () => open('Flow sessions started', { type: 'flowSessions' })),
    ...STAGES.map((s) => {
      const n = sum(flows, (f) => f[s.key]);
      return stage(s.label, n, started, s.key, () => open(`Flow sessions: ${s.label.toLowerCase()}`, { type: 'flowSessions', status: s.key }));
    }),
  ]);
  const list = table<FlowFigures>({
    id: 'flows-table',
    rows: flows.slice(0, 20),
    empty: '',
    columns: [
      { label: 'Flow', cell: (f) => h('a', { text: f.title ?? f.flowPath, attrs: { href: docHref(f.flowPath), title: f.flowPath } }) },
      { label: 'Started', numeric: true, cell: (f) => f.started },
      { label: 'Completed', numeric: true, cell: (f) => fmtRate(f.completionRate), title: 'Reached an outcome (resolved or escalated)' },
      { label: 'Resolved', numeric: true, cell: (f) => fmtRate(f.resolutionRate) },
      { label: 'Abandoned', numeric: true, cell: (f) => f.abandoned },
      {
        label: 'Drop-out steps',
        cell: (f) => (f.abandonedAt.length ? f.abandonedAt.map((n) => `${n.nodeId} (${n.count})`).join(', ') : '–'),
        title: 'Where abandoned sessions stopped',
      },
    ],
    rowKey: (f) => f.flowPath,
    rowLabel: () => 'Show the sessions of this flow',
    onRow: (f) => open(`Sessions of ${f.title ?? f.flowPath}`, { type: 'flowSessions', flowPath: f.flowPath }),
  });
  return h('div', null, [funnel, list]);
}

function stage(label: string, n: number, of: number, key: string, onClick: () => void): HTMLElement {
  const pct = of ? (n / of) * 100 : 0;
  const bar = h(`div.funnel-bar.${key}`);
  bar.style.width = `${Math.max(pct, n ? 1.5 : 0)}%`;
  return h(
    'button.funnel-stage',
    { dataset: { stage: key }, attrs: { type: 'button', title: `${label}: ${n} of ${of} sessions. Click for the sessions.` }, on: { click: onClick } },
    [h('span.funnel-label', { text: label }), h('span.funnel-track', null, bar), h('span.funnel-count', { text: key === 'started' ? String(n) : `${n} · ${Math.round(pct)}%` })],
  );
}

function sum(flows: FlowFigures[], f: (x: FlowFigures) => number): number {
  return flows.reduce((a, x) => a + f(x), 0);
}
