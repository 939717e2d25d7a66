// The header's team sync chip (docs/team.md): "Up to date" / "N to push" / "N to pull" /
// "Offline" / "Conflict", a panel with the details, "Sync now", and the "sync every" setting
// (this laptop's, kept in localStorage as `fieldguide.syncMinutes`). Hidden when the KB is a
// plain folder. The app syncs on open and on the timer only when the KB folder is the working
// copy's top (`autoSync`); otherwise only "Sync now" does.

import { BackendError, backend } from '../lib/backend/ipc';
import type { TeamView } from '../lib/backend/types';
import { h, replace } from '../lib/dom';
import { plural } from '../lib/format';
import { SYNC_INTERVALS, chipLabel, formatWhen, parseSyncMinutes } from '../lib/team';

const MINUTES_KEY = 'fieldguide.syncMinutes';

export interface SyncChipOptions {
  notify(message: string, kind?: 'error' | 'info'): void;
  /** Opens the conflict view of a document. */
  onConflict(path: string): void;
}

export class SyncChip {
  readonly el: HTMLElement;
  private readonly chip: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private view: TeamView | null = null;
  private syncing = false;
  private timer: number | undefined;
  private minutes = parseSyncMinutes(localStorage.getItem(MINUTES_KEY));

  constructor(private readonly opts: SyncChipOptions) {
    this.chip = h('button.btn.ghost.sync-chip', {
      id: 'sync-chip',
      attrs: { type: 'button', 'aria-haspopup': 'true', 'aria-expanded': 'false' },
      on: { click: () => this.togglePanel() },
    });
    this.panel = h('div.sync-panel', { id: 'sync-panel', attrs: { hidden: true, role: 'dialog', 'aria-label': 'Team sync' } });
    this.el = h('div.sync-wrap', { attrs: { hidden: true } }, [this.chip, this.panel]);
    document.addEventListener('click', (e) => {
      if (!this.panel.hidden && !this.el.contains(e.target as Node)) this.closePanel();
    });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.panel.hidden) {
        e.preventDefault();
        this.closePanel();
        this.chip.focus();
      }
    });
    void backend.onTeamStatus((v) => this.show(v)).catch(() => undefined);
  }

  /** The KB (re)opened: read the status, then sync once if this KB syncs on its own. */
  async kbOpened(): Promise<void> {
    await this.refresh();
    if (this.view?.autoSync) await this.syncNow(false);
    this.schedule();
  }

  /** Reads the status again (local, no network). */
  async refresh(): Promise<void> {
    try {
      this.show(await backend.teamStatus());
    } catch (e) {
      if ((e as BackendError).code !== 'loading') this.show(null);
    }
  }

  /** Syncs now; `loud`: toasts the outcome (the user asked). */
  async syncNow(loud = true): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    this.render();
    try {
      const v = await backend.teamSync();
      this.syncing = false;
      this.show(v);
      if (loud && v) {
        const l = v.lastSync;
        const what = l ? [l.pulled ? `${plural(l.pulled, 'change')} pulled` : '', l.pushed ? `${l.pushed} pushed` : ''].filter(Boolean).join(', ') : '';
        this.opts.notify(v.explain ?? (what ? `Synced: ${what}` : 'Synced: up to date'), v.explain ? 'error' : 'info');
      }
    } catch (e) {
      this.syncing = false;
      await this.refresh();
      if (loud) this.opts.notify(`Sync failed: ${(e as BackendError).message}`, 'error');
    }
  }

  private schedule(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
    if (this.view?.autoSync && this.minutes > 0) {
      this.timer = window.setInterval(() => void this.syncNow(false), this.minutes * 60_000);
    }
  }

  private show(v: TeamView | null): void {
    const wasAuto = this.view?.autoSync;
    this.view = v;
    this.el.hidden = !v;
    if (!v) window.clearInterval(this.timer);
    else if (wasAuto !== v.autoSync) this.schedule();
    this.render();
  }

  private render(): void {
    const v = this.view;
    if (!v) return;
    const { text, kind } = chipLabel(v, this.syncing);
    replace(this.chip, [h('span.sync-dot', { attrs: { 'aria-hidden': 'true' } }), text]);
    this.chip.dataset.kind = kind;
    this.chip.dataset.state = this.syncing ? 'syncing' : v.status.state.state;
    const last = v.lastSync;
    this.chip.title = last ? `Team KB — last sync ${formatWhen(last.atMs)}` : 'Team KB — not synced yet in this session';
    if (!this.panel.hidden) this.renderPanel();
  }

  private togglePanel(): void {
    if (this.panel.hidden) {
      this.renderPanel();
      this.panel.hidden = false;
      this.chip.setAttribute('aria-expanded', 'true');
      this.panel.querySelector<HTMLButtonElement>('#sync-now')?.focus();
    } else this.closePanel();
  }

  private closePanel(): void {
    this.panel.hidden = true;
    this.chip.setAttribute('aria-expanded', 'false');
  }

  private renderPanel(): void {
    const v = this.view;
    if (!v) return;
    const s = v.status;
    const last = v.lastSync;
    const conflicts = s.state.state === 'conflict' ? s.state.detail : [];
    const rows: (HTMLElement | null)[] = [
      h('div.sync-row', null, [h('span.k', { text: 'Branch' }), h('code', { text: s.upstream ? `${s.branch} → ${s.upstream}` : `${s.branch} (no remote)` })]),
      h('div.sync-row', null, [
        h('span.k', { text: 'Queue' }),
        `${plural(s.ahead, 'commit')} to push, ${plural(s.behind, 'commit')} to pull${s.dirty.length ? `, ${plural(s.dirty.length, 'file')} not committed yet` : ''}`,
      ]),
      h('div.sync-row', null, [
        h('span.k', { text: 'Last sync' }),
        last
          ? last.error
            ? `failed at ${formatWhen(last.atMs)}: ${last.error}`
            : `${formatWhen(last.atMs)} (${(last.tookMs / 1000).toFixed(1)} s): ${plural(last.pulled, 'commit')} pulled, ${plural(last.pushed, 'commit')} pushed, ${plural(last.changed, 'file')} re-indexed`
          : 'not in this session',
      ]),
      last?.pushRefused ? h('p.sync-explain.error', { text: `The team's repository refused the push: ${last.pushRefused}` }) : null,
      v.explain ? h('p.sync-explain', { text: v.explain }) : null,
      v.identityError ? h('p.sync-explain.error', { text: v.identityError }) : h('div.sync-row', null, [h('span.k', { text: 'Commits as' }), v.identity ?? '']),
      conflicts.length
        ? h(
            'ul.sync-conflicts',
            null,
            conflicts.map((p) =>
              h('li', null, h('button.btn.sync-conflict', { text: `Compare and merge ${p}`, attrs: { type: 'button' }, dataset: { path: p }, on: { click: () => { this.closePanel(); this.opts.onConflict(p); } } })),
            ),
          )
        : null,
    ];
    const select = h(
      'select',
      { id: 'sync-every', attrs: { 'aria-label': 'Sync automatically every', disabled: !v.autoSync } },
      SYNC_INTERVALS.map((m) => {
        const o = h('option', { text: m === 0 ? 'never (on open and when asked)' : `${m} min`, attrs: { value: String(m) } });
        o.selected = m === this.minutes;
        return o;
      }),
    );
    select.addEventListener('change', () => {
      this.minutes = Number(select.value);
      localStorage.setItem(MINUTES_KEY, String(this.minutes));
      this.schedule();
    });
    replace(this.panel, [
      ...rows,
      h('label.sync-row', null, [h('span.k', { text: 'Sync every' }), select]),
      v.autoSync ? null : h('p.sync-explain', { text: 'This KB is a folder inside a larger git checkout: it syncs only when you press "Sync now".' }),
      h('div.sync-actions', null, [
        h('button.btn.primary', { id: 'sync-now', text: this.syncing ? 'Syncing…' : 'Sync now', attrs: { type: 'button', disabled: this.syncing }, on: { click: () => void this.syncNow(true) } }),
      ]),
    ]);
  }
}
