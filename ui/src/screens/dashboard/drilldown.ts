// The drill-down panel: the tickets, flow sessions or searches behind a dashboard figure.
// A ticket with a note opens it in the reader; sample rows are marked.

import type { DrillRows, FlowSessionRecord, Resolution, SearchRecord, Stored } from '../../lib/backend/types';
import { h, replace } from '../../lib/dom';
import { docHref } from '../../lib/route';
import { fmtMinutes, fmtWhen } from './format';
import { table } from './table';

const MAX_ROWS = 500;

export class DrillDown {
  readonly el: HTMLElement;
  private readonly titleEl: HTMLElement;
  private readonly bodyEl: HTMLElement;

  constructor() {
    this.titleEl = h('h2.drilldown-title');
    this.bodyEl = h('div.drilldown-body');
    this.el = h(
      'aside.drilldown',
      { attrs: { hidden: true, 'aria-live': 'polite', 'aria-label': 'Rows behind the figure' } },
      [
        h('div.drilldown-head', null, [
          this.titleEl,
          h('button.btn.ghost.drilldown-close', { text: 'Close', attrs: { type: 'button' }, on: { click: () => this.hide() } }),
        ]),
        this.bodyEl,
      ],
    );
  }

  loading(title: string): void {
    this.el.hidden = false;
    this.titleEl.textContent = title;
    replace(this.bodyEl, h('p.dash-empty-note', { text: 'Loading…' }));
  }

  error(message: string): void {
    replace(this.bodyEl, h('p.dash-error', { text: message }));
  }

  show(title: string, rows: DrillRows, only?: (r: Stored<Resolution>) => boolean): void {
    this.el.hidden = false;
    let list: HTMLElement;
    let n: number;
    if (rows.type === 'resolutions') {
      const rs = only ? rows.rows.filter(only) : rows.rows;
      n = rs.length;
      list = resolutionTable(rs.slice(-MAX_ROWS).reverse());
    } else if (rows.type === 'searches') {
      n = rows.rows.length;
      list = searchTable(rows.rows.slice(0, MAX_ROWS));
    } else {
      n = rows.rows.length;
      list = sessionTable(rows.rows.slice(-MAX_ROWS).reverse());
    }
    this.titleEl.textContent = `${title} · ${n}`;
    replace(this.bodyEl, [n > MAX_ROWS ? h('p.dash-empty-note', { text: `Showing the latest ${MAX_ROWS}.` }) : null, list]);
  }

  hide(): void {
    this.el.hidden = true;
  }
}

function sampleMark(isSample: boolean): Node | string {
  return isSample ? h('span.badge.sample', { text: 'sample' }) : '';
}

function resolutionTable(rows: Stored<Resolution>[]): HTMLElement {
  return table<Stored<Resolution>>({
    columns: [
      {
        label: 'Ticket',
        nowrap: true,
        cell: (r) =>
          r.notePath
            ? h('a.ticket-link', { text: r.ticketId, attrs: { href: docHref(r.notePath), title: `Open the ticket note ${r.notePath}` } })
            : h('span', { text: r.ticketId, attrs: { title: 'No ticket note recorded' } }),
      },
      { label: 'Outcome', cell: (r) => h(`span.outcome.${r.outcome}`, { text: r.outcome }) },
      { label: 'Category', cell: (r) => r.category ?? '–' },
      { label: 'Product', cell: (r) => r.product ?? '–' },
      { label: 'TTR', numeric: true, cell: (r) => fmtMinutes(r.timeToResolveMin) },
      { label: 'Sessions', numeric: true, cell: (r) => r.sessionsCount },
      { label: 'Resolved at (UTC)', nowrap: true, cell: (r) => fmtWhen(r.resolvedAt) },
      { label: '', cell: (r) => sampleMark(r.isSample) },
    ],
    rows,
    empty: 'No tickets behind this figure.',
    rowKey: (r) => r.ticketId,
  });
}

function searchTable(rows: SearchRecord[]): HTMLElement {
  return table<SearchRecord>({
    columns: [
      { label: 'Query', cell: (r) => r.query },
      { label: 'Results', numeric: true, cell: (r) => r.resultCount },
      { label: 'Opened', cell: (r) => (r.clicks.length ? r.clicks.map((c) => c.docPath).join(', ') : 'nothing') },
      { label: 'When (UTC)', nowrap: true, cell: (r) => fmtWhen(r.at) },
      { label: '', cell: (r) => sampleMark(r.isSample) },
    ],
    rows,
    empty: 'No searches behind this figure.',
  });
}

function sessionTable(rows: FlowSessionRecord[]): HTMLElement {
  return table<FlowSessionRecord>({
    columns: [
      { label: 'Flow', cell: (r) => h('a', { text: r.flowPath, attrs: { href: docHref(r.flowPath) } }) },
      { label: 'Status', cell: (r) => h(`span.outcome.${r.status}`, { text: r.status }) },
      { label: 'Started (UTC)', nowrap: true, cell: (r) => fmtWhen(r.startedAt) },
      { label: 'Last step (UTC)', nowrap: true, cell: (r) => fmtWhen(r.updatedAt) },
    ],
    rows,
    empty: 'No flow sessions behind this figure.',
  });
}
