// Logs the searches people actually run, for the knowledge-gap figures. A search is logged
// once the user pauses typing for LOG_AFTER_MS with results on screen, or opens one of its
// results — never on every keystroke. Plain `search` calls are not logged; logging sends the
// request and its result count (not run again) to `log_search`, which returns the journal id
// that result clicks refer to.
// Empty queries (filter-only browsing) are not searches. Logging failures are ignored: they
// must never get in the way of finding a document.

import { backend } from './backend/ipc';
import type { SearchRequest } from './backend/types';

export const LOG_AFTER_MS = 1000;

function key(r: SearchRequest): string {
  return JSON.stringify([r.query.trim(), r.kinds, r.tags, r.includeRetired]);
}

export class SearchLog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: { req: SearchRequest; total: number } | null = null;
  private logged: { key: string; id: Promise<number | null> } | null = null;

  /** `total` results for `req` are on screen: log it if the user pauses. */
  shown(req: SearchRequest, total: number): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = null;
    if (!req.query.trim()) return;
    if (this.logged?.key === key(req)) return;
    this.pending = { req, total };
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, LOG_AFTER_MS);
  }

  /** The user typed again: whatever was pending is not a finished search. */
  typing(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = null;
  }

  /** The result at 0-based `index` of the current search was opened. */
  opened(path: string, index: number): void {
    const id = this.flush();
    void id.then((searchId) => {
      if (searchId !== null) backend.logClick(searchId, path, index + 1).catch(() => undefined);
    });
  }

  /** Logs the pending search now (once); resolves to the id of the current logged search. */
  private flush(): Promise<number | null> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    this.pending = null;
    if (pending) {
      this.logged = {
        key: key(pending.req),
        id: backend.logSearch(pending.req, pending.total).then(
          (id) => id,
          () => null,
        ),
      };
    }
    return this.logged?.id ?? Promise.resolve(null);
  }
}
