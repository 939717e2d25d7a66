// The Insight dashboard (`#/dashboard`): KPI tiles with the trend against the previous period,
// the time-to-resolution histogram, daily resolved + median TTR, a segment table, the flow
// funnel, article effectiveness, knowledge gaps and stale content. Every figure drills down to
// the rows behind it; every table exports to CSV (native save dialog + a core write, since a
// Blob download does nothing in a Tauri webview). Sample (demo) rows are shown under a clear
// banner with "Clear sample data"; with no data at all an empty state offers "Load sample data".

import { BackendError, backend } from '../../lib/backend/ipc';
import type { Drill, EscalationFigures, EscalationReport, MetricsQuery, PacketRow, Report, Resolution, Segment, Stored } from '../../lib/backend/types';
import { h, replace } from '../../lib/dom';
import { docHref } from '../../lib/route';
import type { DailyChart, TtrHistogram } from './charts';
import { loadCharts } from './charts-loader';
import { DrillDown } from './drilldown';
import { change, fmtMinutes, fmtRate, fmtWhen, previousPeriod, queryFor, type PeriodChoice } from './format';
import { flowSection } from './flows';
import { table } from './table';
import { teamSection } from './team';

type Notify = (message: string, kind?: 'info' | 'error') => void;

interface Kpi {
  id: string;
  label: string;
  value(r: Report): number | null;
  fmt(v: number | null): string;
  /** Whether a rise is good news (colours the trend). */
  higherIsBetter: boolean;
  hint: string;
  drill: Drill;
  drillTitle: string;
  only?: (r: Stored<Resolution>) => boolean;
}

const KPIS: Kpi[] = [
  {
    id: 'ttr-median',
    label: 'Median time to resolution',
    value: (r) => r.overall.ttr.medianMin,
    fmt: fmtMinutes,
    higherIsBetter: false,
    hint: 'Median minutes from ticket opened to resolved, over resolved tickets (escalations excluded).',
    drill: { type: 'resolutions', filter: { outcome: 'resolved' } },
    drillTitle: 'Resolved tickets',
  },
  {
    id: 'ttr-p90',
    label: 'p90 time to resolution',
    value: (r) => r.overall.ttr.p90Min,
    fmt: fmtMinutes,
    higherIsBetter: false,
    hint: '90% of resolved tickets took at most this long.',
    drill: { type: 'resolutions', filter: { outcome: 'resolved' } },
    drillTitle: 'Resolved tickets',
  },
  {
    id: 'fcr',
    label: 'First-contact resolution',
    value: (r) => r.overall.firstContactRate,
    fmt: fmtRate,
    higherIsBetter: true,
    hint: 'Resolved in a single session, out of all resolved and escalated tickets.',
    drill: { type: 'resolutions', filter: { firstContact: true } },
    drillTitle: 'Resolved on first contact',
  },
  {
    id: 'escalation',
    label: 'Escalation rate',
    value: (r) => r.overall.escalationRate,
    fmt: fmtRate,
    higherIsBetter: false,
    hint: 'Escalated, out of all resolved and escalated tickets.',
    drill: { type: 'resolutions', filter: { outcome: 'escalated' } },
    drillTitle: 'Escalated tickets',
  },
  {
    id: 'reopen',
    label: 'Reopen rate',
    value: (r) => r.overall.reopenRate,
    fmt: fmtRate,
    higherIsBetter: false,
    hint: 'Tickets resolved again within 7 days of a resolution, out of tickets in the period.',
    drill: { type: 'resolutions', filter: { reopened: true } },
    drillTitle: 'Reopened tickets',
  },
  {
    id: 'notes',
    label: 'Ticket notes captured',
    value: (r) => r.contribution.ticketNotes,
    fmt: (v) => (v === null ? '–' : String(v)),
    higherIsBetter: true,
    hint: 'Resolutions recorded with a ticket note in the KB.',
    drill: { type: 'resolutions', filter: {} },
    drillTitle: 'Tickets with a note',
    only: (r) => r.notePath !== null,
  },
];

const PERIODS = [7, 30, 90];
const SEGMENTS: { value: Segment; label: string }[] = [
  { value: 'category', label: 'Category' },
  { value: 'product', label: 'Product' },
  { value: 'kind', label: 'Ticket kind' },
];

export class Dashboard {
  readonly el: HTMLElement;
  private period: PeriodChoice = { kind: 'days', days: 30 };
  private segmentBy: Segment = 'category';
  private query: MetricsQuery = queryFor(this.period, this.segmentBy);
  private seq = 0;
  private readonly periodEl: HTMLElement;
  private readonly customEl: HTMLElement;
  private readonly fromInput: HTMLInputElement;
  private readonly toInput: HTMLInputElement;
  private readonly bannerEl: HTMLElement;
  private readonly emptyEl: HTMLElement;
  private readonly kpisEl: HTMLElement;
  private readonly gridEl: HTMLElement;
  private readonly statusEl: HTMLElement;
  private readonly drill = new DrillDown();
  private readonly histEl: HTMLElement;
  private readonly dailyEl: HTMLElement;
  private charts: Promise<{ histogram: TtrHistogram; daily: DailyChart }> | null = null;
  private readonly cards: Record<string, HTMLElement> = {};

  constructor(private readonly notify: Notify) {
    this.periodEl = h(
      'div.segmented',
      { attrs: { role: 'group', 'aria-label': 'Period' } },
      [
        ...PERIODS.map((d) =>
          h('button.btn', { text: `${d} days`, dataset: { period: String(d) }, attrs: { type: 'button' }, on: { click: () => this.setPeriod({ kind: 'days', days: d }) } }),
        ),
        h('button.btn', { text: 'Custom', dataset: { period: 'custom' }, attrs: { type: 'button' }, on: { click: () => this.openCustom() } }),
      ],
    );
    this.fromInput = h('input', { attrs: { type: 'date', 'aria-label': 'From' } });
    this.toInput = h('input', { attrs: { type: 'date', 'aria-label': 'To (included)' } });
    this.customEl = h('form.custom-period', { attrs: { hidden: true }, on: { submit: (e) => this.applyCustom(e) } }, [
      this.fromInput,
      h('span', { text: '–' }),
      this.toInput,
      h('button.btn', { text: 'Apply', attrs: { type: 'submit' } }),
    ]);
    const segSelect = h(
      'select',
      { id: 'segment-by', attrs: { 'aria-label': 'Break down by' }, on: { change: (e) => this.setSegment((e.target as HTMLSelectElement).value as Segment) } },
      SEGMENTS.map((s) => h('option', { text: s.label, attrs: { value: s.value } })),
    );
    this.statusEl = h('span.dash-status', { attrs: { 'aria-live': 'polite' } });
    this.bannerEl = h('div.sample-banner', { id: 'sample-banner', attrs: { hidden: true, role: 'status' } }, [
      h('strong', { text: 'Sample data' }),
      h('span', { text: ' — these figures include generated demo activity, not your team’s work.' }),
      h('button.btn', { text: 'Clear sample data', id: 'clear-sample', attrs: { type: 'button' }, on: { click: () => void this.clearSample() } }),
    ]);
    this.emptyEl = h('div.dash-empty', { attrs: { hidden: true } }, [
      h('h2', { text: 'No resolved tickets recorded in this period' }),
      h('p', {
        text: 'Figures appear as people search, open documents, walk flows and record resolved tickets. To see what the dashboard shows meanwhile, load 90 days of clearly marked sample data — you can clear it at any time.',
      }),
      h('button.btn.primary', { id: 'load-sample', text: 'Load sample data', attrs: { type: 'button' }, on: { click: () => void this.loadSample() } }),
    ]);
    this.kpisEl = h('div.kpis');
    const histEl = h('div.chart', { id: 'ttr-histogram' });
    const dailyEl = h('div.chart', { id: 'daily-chart' });
    this.histEl = histEl;
    this.dailyEl = dailyEl;
    // Outside the grid: the grid dims when this laptop's journal has no data, the team may not.
    const teamCard = this.card('team', 'Team (shared ticket notes)', null, null, 'Every technician’s ticket notes that reached this laptop by sync, per author.');
    teamCard.classList.add('team-card');
    this.gridEl = h('div.dash-grid', null, [
      this.card('histogram', 'Time to resolution', 'ttr-histogram', histEl, 'Resolved tickets by how long they took. Click a bar for its tickets.'),
      this.card('daily', 'Resolved per day and median TTR', 'daily', dailyEl, 'Click a day for its tickets.'),
      this.card('segments', 'By segment', 'segments', null, null, segSelect),
      this.card('flows', 'Guided flows', 'flows', null, 'Where sessions end: resolved, escalated, or abandoned at a step.'),
      this.card('articles', 'Article effectiveness', 'articles', null, 'Views, views that led to a resolution, and “did this help?” votes.'),
      this.card('gaps', 'Knowledge gaps', 'gaps', null, 'Searches that found nothing, or whose results nobody opened.'),
      this.card('stale', 'Stale content', 'stale', null, 'Review date passed, or flagged as outdated.'),
      this.card(
        'escalations',
        'Escalation quality',
        'escalations',
        null,
        'Avoidable: sent with required evidence missing, returned for information, or re-routed. Click a row for its packets.',
        h('button.btn.ghost.csv-btn', { text: 'Packets CSV', dataset: { table: 'packets' }, attrs: { type: 'button' }, on: { click: () => void this.exportCsv('packets') } }),
      ),
    ]);
    this.el = h('section.dashboard', { id: 'dashboard', attrs: { hidden: true, 'aria-label': 'Insight dashboard' } }, [
      h('div.dash-toolbar', null, [h('h1', { text: 'Support insight' }), this.periodEl, this.customEl, h('div.spacer'), this.statusEl]),
      this.bannerEl,
      this.emptyEl,
      h('p.dash-source', {
        id: 'journal-source',
        text: 'Tiles, charts, segments, flows, articles and gaps: this laptop’s private journal (its own searches, sessions and recorded tickets; never shared). Team and escalation quality: the notes and packets in the KB, which every laptop has after a sync.',
      }),
      this.kpisEl,
      teamCard,
      this.gridEl,
      this.drill.el,
    ]);
    this.syncPeriodButtons();
  }

  /** Shows the dashboard and loads fresh figures. */
  show(): void {
    this.el.hidden = false;
    this.query = queryFor(this.period, this.segmentBy);
    void this.load();
  }

  hide(): void {
    this.el.hidden = true;
  }

  private card(key: string, title: string, csvTable: string | null, chart: HTMLElement | null, help: string | null, extra?: HTMLElement): HTMLElement {
    const body = h('div.card-body', null, chart);
    const csv = csvTable
      ? h('button.btn.ghost.csv-btn', { text: 'Export CSV', dataset: { table: csvTable }, attrs: { type: 'button', title: `Save this table as CSV` }, on: { click: () => void this.exportCsv(csvTable) } })
      : null;
    const el = h('section.card', { dataset: { card: key } }, [
      h('header.card-head', null, [h('h2', { text: title }), h('div.spacer'), extra ?? null, csv]),
      help ? h('p.card-help', { text: help }) : null,
      body,
    ]);
    this.cards[key] = body;
    return el;
  }

  private setPeriod(p: PeriodChoice): void {
    this.period = p;
    this.customEl.hidden = p.kind !== 'custom';
    this.syncPeriodButtons();
    this.query = queryFor(p, this.segmentBy);
    void this.load();
  }

  private openCustom(): void {
    const q = this.query;
    this.fromInput.value = q.from.slice(0, 10);
    this.toInput.value = new Date(Date.parse(q.to) - 86_400_000).toISOString().slice(0, 10);
    this.customEl.hidden = false;
    this.fromInput.focus();
  }

  private applyCustom(e: Event): void {
    e.preventDefault();
    const from = this.fromInput.value;
    const to = this.toInput.value;
    if (!from || !to || from > to) {
      this.notify('Pick a start date on or before the end date.', 'error');
      return;
    }
    this.setPeriod({ kind: 'custom', from, to });
  }

  private syncPeriodButtons(): void {
    const active = this.period.kind === 'days' ? String(this.period.days) : 'custom';
    for (const b of this.periodEl.querySelectorAll<HTMLElement>('button')) {
      const on = b.dataset.period === active;
      b.classList.toggle('active', on);
      b.setAttribute('aria-pressed', String(on));
    }
  }

  private setSegment(s: Segment): void {
    this.segmentBy = s;
    this.query = { ...this.query, segmentBy: s };
    void this.load();
  }

  private async load(): Promise<void> {
    const seq = ++this.seq;
    this.statusEl.textContent = 'Loading…';
    try {
      const [report, prev] = await Promise.all([backend.stats(this.query), backend.stats(previousPeriod(this.query)).catch(() => null)]);
      if (seq !== this.seq) return;
      this.render(report, prev);
      this.statusEl.textContent = `${report.query.from.slice(0, 10)} – ${new Date(Date.parse(report.query.to) - 1000).toISOString().slice(0, 10)} (UTC)`;
    } catch (e) {
      if (seq !== this.seq) return;
      const err = e as BackendError;
      this.statusEl.textContent = '';
      this.notify(err.code === 'loading' ? 'The KB is still opening; try again in a moment.' : `Could not compute the figures: ${err.message}`, 'error');
    }
  }

  private render(r: Report, prev: Report | null): void {
    const hasData = r.overall.resolutions > 0 || r.gaps.length > 0 || r.articles.length > 0 || r.flows.length > 0;
    this.bannerEl.hidden = !r.sampleDataPresent;
    // The KPIs are about resolved tickets: without any (and no sample), offer the sample.
    this.emptyEl.hidden = r.overall.resolutions > 0 || r.sampleDataPresent;
    this.el.classList.toggle('no-data', !hasData && !r.sampleDataPresent);
    this.renderKpis(r, prev);
    void this.drawCharts(r);
    this.renderSegments(r);
    replace(this.cards.flows!, flowSection(r.flows, (title, drill) => void this.openDrill(title, drill)));
    this.renderArticles(r);
    this.renderGaps(r);
    this.renderStale(r);
    void this.loadEscalations();
    void this.loadTeam();
  }

  private async loadTeam(): Promise<void> {
    const seq = this.seq;
    try {
      const t = await backend.teamStats(this.query);
      if (seq !== this.seq) return;
      replace(this.cards.team!, teamSection(t));
    } catch (err) {
      replace(this.cards.team!, h('p.dash-empty-note', { text: `Could not compute: ${(err as BackendError).message}` }));
    }
  }

  private async loadEscalations(): Promise<void> {
    const seq = this.seq;
    try {
      const e = await backend.escalationStats(this.query);
      if (seq !== this.seq) return;
      this.renderEscalations(e);
    } catch (err) {
      replace(this.cards.escalations!, h('p.dash-empty-note', { text: `Could not compute: ${(err as BackendError).message}` }));
    }
  }

  private renderEscalations(e: EscalationReport): void {
    const packetsEl = h('div.escalation-packets', { id: 'escalation-packets' });
    const showPackets = (title: string, only: (p: PacketRow) => boolean): void => {
      replace(packetsEl, [
        h('h3', { text: title }),
        table({
          id: 'escalation-packets-table',
          rows: e.packets.filter(only),
          empty: 'No packets.',
          columns: [
            { label: 'Packet', cell: (p) => h('a', { text: p.ticket || p.path, attrs: { href: docHref(p.path), title: p.path } }) },
            { label: 'Team', cell: (p) => p.team },
            { label: 'State', cell: (p) => p.state },
            { label: 'Missing at send', cell: (p) => p.evidenceMissing.join(', ') || '–' },
            { label: 'Round trips', numeric: true, cell: (p) => p.roundTrips },
            { label: 'To actionable', numeric: true, cell: (p) => fmtMinutes(p.minutesToActionable) },
            { label: 'Avoidable', cell: (p) => p.avoidable.join(', ') || 'no' },
          ],
          rowKey: (p) => p.path,
        }),
      ]);
    };
    const groupTable = (id: string, label: string, rows: EscalationFigures[], pick: (p: PacketRow) => string) =>
      table({
        id,
        rows: [e.overall, ...rows],
        empty: 'No escalation packets sent in this period.',
        columns: [
          { label, cell: (f) => (f === e.overall ? 'All' : f.key) },
          { label: 'Sent', numeric: true, cell: (f) => f.packets },
          { label: 'Avoidable', numeric: true, cell: (f) => fmtRate(f.avoidableRate), title: 'Missing required evidence, returned or re-routed' },
          { label: 'Round trips / esc.', numeric: true, cell: (f) => (f.roundTripsPerEscalation === null ? '–' : f.roundTripsPerEscalation.toFixed(2)) },
          { label: 'Median to actionable', numeric: true, cell: (f) => fmtMinutes(f.actionableMedianMin) },
          { label: 'p90 to actionable', numeric: true, cell: (f) => fmtMinutes(f.actionableP90Min) },
        ],
        rowKey: (f) => (f === e.overall ? '(all)' : f.key),
        onRow: (f) => showPackets(f === e.overall ? 'All packets' : `Packets: ${f.key}`, (p) => f === e.overall || pick(p) === f.key),
      });
    const a = e.audit;
    replace(this.cards.escalations!, [
      h('p.escalation-summary', { id: 'escalation-summary' }, [
        h('strong', { text: fmtRate(e.overall.avoidableRate) }),
        ` avoidable of ${e.overall.packets} sent · ${e.overall.roundTrips} round trip${e.overall.roundTrips === 1 ? '' : 's'} · median to actionable ${fmtMinutes(e.overall.actionableMedianMin)} · closure-note audit `,
        h('strong', { id: 'audit-score', text: a.meanScore === null ? '–' : a.meanScore.toFixed(0) }),
        ` (${a.reviewed} reviewed, ${fmtRate(a.atTargetRate)} at 90+)`,
      ]),
      h('h3', { text: 'By team (first routing)' }),
      groupTable('escalation-teams', 'Team', e.byTeam, (p) => p.team),
      h('h3', { text: 'By category' }),
      groupTable('escalation-categories', 'Category', e.byCategory, (p) => p.category),
      packetsEl,
    ]);
  }

  private async drawCharts(r: Report): Promise<void> {
    try {
      this.charts ??= loadCharts().then((m) => ({ histogram: new m.TtrHistogram(this.histEl, 200), daily: new m.DailyChart(this.dailyEl, 200) }));
      const c = await this.charts;
      c.histogram.draw(r.overall.ttr.histogram, (i) => {
        const b = r.overall.ttr.histogram[i];
        if (b) void this.openDrill(`Resolved in ${b.label}`, { type: 'resolutions', filter: { ttrBucket: i } });
      });
      c.daily.draw(r.overall.daily, (i) => {
        const d = r.overall.daily[i];
        if (d) void this.openDrill(`Tickets resolved on ${d.date}`, { type: 'resolutions', filter: { date: d.date } });
      });
    } catch (e) {
      this.charts = null;
      const msg = `Charts unavailable: ${e instanceof Error ? e.message : String(e)}`;
      for (const el of [this.histEl, this.dailyEl]) replace(el, h('p.dash-error', { text: msg }));
    }
  }

  private renderKpis(r: Report, prev: Report | null): void {
    const days = Math.round((Date.parse(r.query.to) - Date.parse(r.query.from)) / 86_400_000);
    replace(
      this.kpisEl,
      KPIS.map((k) => {
        const v = k.value(r);
        const c = prev ? change(v, k.value(prev)) : null;
        let trend: HTMLElement;
        if (c === null || Math.abs(c) < 0.005) {
          trend = h('span.trend.flat', { text: c === null ? `no earlier ${days}-day figure` : `flat vs previous ${days} days` });
        } else {
          const good = c > 0 === k.higherIsBetter;
          trend = h(`span.trend.${good ? 'good' : 'bad'}`, { text: `${c > 0 ? '▲' : '▼'} ${Math.abs(Math.round(c * 100))}% vs previous ${days} days` });
        }
        return h(
          'button.kpi',
          { dataset: { kpi: k.id }, attrs: { type: 'button', title: `${k.hint} Click for the tickets.` }, on: { click: () => void this.openDrill(k.drillTitle, k.drill, k.only) } },
          [h('span.kpi-label', { text: k.label }), h('span.kpi-value', { text: k.fmt(v) }), trend],
        );
      }),
    );
  }

  private renderSegments(r: Report): void {
    const rows = [r.overall, ...r.segments];
    replace(
      this.cards.segments!,
      table({
        id: 'segments-table',
        rows,
        empty: 'No resolutions in this period.',
        columns: [
          { label: 'Segment', cell: (s) => s.segment ?? 'All' },
          { label: 'Tickets', numeric: true, cell: (s) => s.resolutions },
          { label: 'Median TTR', numeric: true, cell: (s) => fmtMinutes(s.ttr.medianMin) },
          { label: 'p90 TTR', numeric: true, cell: (s) => fmtMinutes(s.ttr.p90Min) },
          { label: 'FCR', numeric: true, cell: (s) => fmtRate(s.firstContactRate) },
          { label: 'Escalated', numeric: true, cell: (s) => fmtRate(s.escalationRate) },
          { label: 'Reopened', numeric: true, cell: (s) => fmtRate(s.reopenRate) },
        ],
        rowKey: (s) => s.segment ?? '(all)',
        onRow: (s) => void this.openDrill(`Tickets: ${s.segment ?? 'all'}`, { type: 'resolutions', filter: s.segment === null ? {} : { segment: s.segment } }),
      }),
    );
  }

  private renderArticles(r: Report): void {
    replace(
      this.cards.articles!,
      table({
        id: 'articles-table',
        rows: r.articles.slice(0, 25),
        empty: 'No document was opened or used in this period.',
        columns: [
          { label: 'Document', cell: (a) => h('a', { text: a.title ?? a.path, attrs: { href: docHref(a.path), title: a.path } }) },
          { label: 'Views', numeric: true, cell: (a) => a.views },
          { label: 'Led to resolution', numeric: true, cell: (a) => a.viewsLeadingToResolution, title: 'Views in a session or ticket that ended resolved' },
          { label: 'Used in tickets', numeric: true, cell: (a) => a.resolutionsUsing },
          { label: 'Helpful', numeric: true, cell: (a) => (a.helpfulYes + a.helpfulNo ? `${fmtRate(a.helpfulRate)} of ${a.helpfulYes + a.helpfulNo}` : '–') },
          { label: 'Flags', numeric: true, cell: (a) => (a.openFlags ? h('span.badge.warn', { text: String(a.openFlags) }) : '') },
        ],
        rowKey: (a) => a.path,
        rowLabel: () => 'Show the tickets that used this document',
        onRow: (a) => void this.openDrill(`Tickets using ${a.title ?? a.path}`, { type: 'article', path: a.path }),
      }),
    );
  }

  private renderGaps(r: Report): void {
    replace(
      this.cards.gaps!,
      table({
        id: 'gaps-table',
        rows: r.gaps.slice(0, 25),
        empty: 'No unanswered searches in this period.',
        columns: [
          { label: 'Query', cell: (g) => h('span.gap-query', { text: g.query, attrs: { title: `e.g. “${g.example}”` } }) },
          { label: 'Searches', numeric: true, cell: (g) => g.searches },
          { label: 'No results', numeric: true, cell: (g) => g.zeroResults },
          { label: 'Nothing opened', numeric: true, cell: (g) => g.noClick },
          { label: 'Last seen (UTC)', nowrap: true, cell: (g) => fmtWhen(g.lastSeen) },
        ],
        rowKey: (g) => g.query,
        rowLabel: () => 'Show these searches',
        onRow: (g) => void this.openDrill(`Searches for “${g.query}”`, { type: 'gaps', query: g.query, kind: 'any' }),
      }),
    );
  }

  private renderStale(r: Report): void {
    replace(
      this.cards.stale!,
      table({
        id: 'stale-table',
        rows: r.stale.slice(0, 50),
        empty: 'Nothing overdue for review or flagged as outdated.',
        columns: [
          { label: 'Document', cell: (s) => h('a', { text: s.title ?? s.path, attrs: { href: docHref(s.path), title: s.path } }) },
          { label: 'Review by', nowrap: true, cell: (s) => s.reviewBy ?? '–' },
          { label: 'Overdue', numeric: true, cell: (s) => (s.daysOverdue ? `${s.daysOverdue} d` : '–') },
          { label: 'Outdated flags', numeric: true, cell: (s) => (s.openFlags ? h('span.badge.warn', { text: String(s.openFlags), attrs: { title: s.latestFlag ?? '' } }) : '–') },
          { label: 'Latest flag', cell: (s) => s.latestFlag ?? '' },
        ],
        rowKey: (s) => s.path,
      }),
    );
  }

  private async openDrill(title: string, drill: Drill, only?: (r: Stored<Resolution>) => boolean): Promise<void> {
    this.drill.loading(title);
    try {
      const rows = await backend.statsDrill(this.query, drill);
      this.drill.show(title, rows, only);
    } catch (e) {
      this.drill.error(`Could not list the rows: ${(e as BackendError).message}`);
    }
  }

  private async exportCsv(tableName: string): Promise<void> {
    try {
      const path = await backend.pickSavePath('Export CSV', `fieldguide-${tableName}-${this.query.from.slice(0, 10)}.csv`);
      if (!path) return;
      await backend.saveStatsCsv(tableName, this.query, path);
      this.notify(`Saved ${path}`);
    } catch (e) {
      this.notify(`Could not export: ${(e as BackendError).message}`, 'error');
    }
  }

  private async loadSample(): Promise<void> {
    try {
      const s = await backend.demoLoad();
      this.notify(`Loaded sample data: ${s.resolutions} tickets, ${s.searches} searches over 90 days.`);
      this.drill.hide();
      await this.load();
    } catch (e) {
      this.notify(`Could not load sample data: ${(e as BackendError).message}`, 'error');
    }
  }

  private async clearSample(): Promise<void> {
    try {
      const n = await backend.demoClear();
      this.notify(`Cleared ${n} sample rows.`);
      this.drill.hide();
      await this.load();
    } catch (e) {
      this.notify(`Could not clear sample data: ${(e as BackendError).message}`, 'error');
    }
  }
}

/** The header entry that opens the dashboard. */
export function dashboardLink(): HTMLElement {
  return h('a.btn.ghost.dashboard-link', {
    id: 'dashboard-link',
    text: 'Insight',
    attrs: { href: '#/dashboard', title: 'Support KPIs: time to resolution, first-contact resolution, knowledge gaps, stale content' },
  });
}
