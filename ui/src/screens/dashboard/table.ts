// A small data table for the dashboard: typed columns, numeric alignment, optional row click
// (drill-down) with keyboard access, and an empty message.

import { h } from '../../lib/dom';

export interface Column<T> {
  label: string;
  /** Text or a node for the cell. */
  cell(row: T): string | number | Node;
  numeric?: boolean;
  /** Keep on one line (dates, ids). */
  nowrap?: boolean;
  title?: string;
}

export interface TableOptions<T> {
  id?: string;
  columns: Column<T>[];
  rows: T[];
  empty: string;
  /** Row click (and Enter): the drill-down. */
  onRow?: (row: T) => void;
  rowLabel?: (row: T) => string;
  /** Extra data attribute per row (test hooks). */
  rowKey?: (row: T) => string;
}

export function table<T>(o: TableOptions<T>): HTMLElement {
  if (o.rows.length === 0) return h('p.dash-empty-note', { id: o.id, text: o.empty });
  const head = h(
    'tr',
    null,
    o.columns.map((c) => h('th', { class: c.numeric ? 'num' : '', text: c.label, attrs: { scope: 'col', title: c.title } })),
  );
  const body = o.rows.map((row) => {
    const tr = h(
      'tr',
      { class: o.onRow ? 'clickable' : '' },
      o.columns.map((c) => {
        const v = c.cell(row);
        return h('td', { class: { num: !!c.numeric, nowrap: !!c.nowrap } }, typeof v === 'object' ? v : String(v));
      }),
    );
    if (o.rowKey) tr.dataset.key = o.rowKey(row);
    if (o.onRow) {
      const open = () => o.onRow?.(row);
      tr.tabIndex = 0;
      tr.title = o.rowLabel ? o.rowLabel(row) : 'Show the rows behind this figure';
      tr.addEventListener('click', (e) => {
        // Links and buttons inside a row do their own thing.
        if ((e.target as HTMLElement).closest('a, button')) return;
        open();
      });
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          open();
        }
      });
    }
    return tr;
  });
  return h('div.table-wrap', null, h('table.dash-table', { id: o.id }, [h('thead', null, head), h('tbody', null, body)]));
}
