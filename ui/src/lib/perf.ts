// Performance marks read by the desktop benchmark harness (crates/fieldguide-bench/scripts/
// desktop-bench.py) through WebDriver as `window.__fgPerf`. Costs next to nothing: one
// `performance.now()` per input event, and one animation-frame callback per rendered result
// list that answers a typed query.
//
// Keystroke → results rendered: every input event records its time and query; when the
// results for that query are in the DOM, the time is taken once the frame showing them has
// been painted (the task after the next animation frame). A keystroke whose query was replaced
// by a newer one before its results were shown is counted in `superseded`, not timed (nobody
// saw those results). Cold start: `firstResultAt` is the epoch time (ms) at which the first
// non-empty result list was painted; the shell's process start time arrives in
// `processStartAt`, so `firstResultAt - processStartAt` is process start → first result.

export interface KeystrokeRecord {
  query: string;
  /** Input event → frame with the results painted. */
  ms: number;
  /** Where that time went (ms): waiting for an earlier search in flight, the `search` call
   *  (IPC both ways + the core's search), building the DOM, and until the frame was painted. */
  queued?: number;
  ipc?: number;
  dom?: number;
  paint?: number;
  /** Of `paint`: until the animation frame began (waiting for the display's next frame). */
  raf?: number;
}

/** When the search behind a rendered result list was sent and answered (performance.now()). */
export interface SearchTiming {
  sentAt: number;
  receivedAt: number;
}

/** A named moment (epoch ms), e.g. `kb-ready`, `search-sent vpn`, `search-error loading`. */
export interface PerfEvent {
  name: string;
  at: number;
}

export interface FgPerf {
  /** Keystroke → results painted, the most recent `MAX_RECORDS`. */
  keystrokes: KeystrokeRecord[];
  /** Keystrokes whose results were never shown because the query changed first. */
  superseded: number;
  /** Epoch ms: the UI script started (App.start). */
  uiStartAt: number | null;
  /** Epoch ms: the KB finished opening (first `kb-changed` with no paths). */
  kbReadyAt: number | null;
  /** Epoch ms: the first non-empty result list was painted. */
  firstResultAt: number | null;
  /** Epoch ms: the app process started (from the shell's `process_info`). */
  processStartAt: number | null;
  /** The app process id (from the shell), so a harness can find its process tree. */
  pid: number | null;
  /** The first `MAX_EVENTS` moments of the page's life (start-up timeline). */
  events: PerfEvent[];
}

export const MAX_RECORDS = 2000;
export const MAX_EVENTS = 100;
const MAX_MARKS = 200;

export function newPerf(): FgPerf {
  return {
    keystrokes: [],
    superseded: 0,
    uiStartAt: null,
    kbReadyAt: null,
    firstResultAt: null,
    processStartAt: null,
    pid: null,
    events: [],
  };
}

export interface Clock {
  /** Milliseconds on the `performance.now()` scale. */
  now(): number;
  /** Epoch ms of `now() === 0` (`performance.timeOrigin`). */
  origin: number;
  /** Calls `cb` once the frame with the current DOM changes has been painted, with the time
   *  (`now()`) at which that frame's animation-frame callbacks ran. */
  afterPaint(cb: (frameAt: number) => void): void;
}

/** The browser clock: after the next animation frame, then one more task (past the paint). */
export function browserClock(): Clock {
  return {
    now: () => performance.now(),
    origin: performance.timeOrigin,
    afterPaint: (cb) =>
      requestAnimationFrame(() => {
        const frameAt = performance.now();
        setTimeout(() => cb(frameAt), 0);
      }),
  };
}

export class KeystrokeTimer {
  private marks: { query: string; t: number }[] = [];

  constructor(
    readonly perf: FgPerf,
    private readonly clock: Clock,
  ) {}

  /** Epoch milliseconds now. */
  epochNow(): number {
    return Math.round(this.clock.origin + this.clock.now());
  }

  /** Records a named moment (only the first `MAX_EVENTS` of the page's life are kept). */
  event(name: string): void {
    if (this.perf.events.length < MAX_EVENTS) this.perf.events.push({ name, at: this.epochNow() });
  }

  /** Adds moments recorded elsewhere (the shell, the page load) to the timeline, in order. */
  addEvents(events: PerfEvent[]): void {
    const all = [...this.perf.events, ...events].sort((a, b) => a.at - b.at);
    this.perf.events.splice(0, this.perf.events.length, ...all.slice(0, MAX_EVENTS));
  }

  /** An input event changed the query box to `query`. */
  input(query: string): void {
    const q = query.trim();
    if (!q) return; // an emptied box shows the overview, not results
    this.marks.push({ query: q, t: this.clock.now() });
    if (this.marks.length > MAX_MARKS) {
      this.perf.superseded += this.marks.length - MAX_MARKS;
      this.marks.splice(0, this.marks.length - MAX_MARKS);
    }
  }

  /** The outcome of a search for `query` (results, no results, or an error) is in the DOM. */
  rendered(query: string, hits: number, timing?: SearchTiming): void {
    const renderedAt = this.clock.now();
    const q = query.trim();
    let last = -1;
    this.marks.forEach((m, i) => {
      if (m.query === q) last = i;
    });
    const done = last >= 0 ? this.marks.splice(0, last + 1) : [];
    const timed = done.filter((m) => m.query === q);
    this.perf.superseded += done.length - timed.length;
    const first = hits > 0 && this.perf.firstResultAt === null;
    if (!timed.length && !first) return;
    this.clock.afterPaint((frameAt) => {
      const t = this.clock.now();
      const r = (x: number) => Math.round(x * 10) / 10;
      for (const m of timed) {
        const rec: KeystrokeRecord = { query: q, ms: r(t - m.t) };
        if (timing) {
          rec.queued = r(Math.max(0, timing.sentAt - m.t));
          rec.ipc = r(timing.receivedAt - Math.max(timing.sentAt, m.t));
          rec.dom = r(renderedAt - timing.receivedAt);
          rec.paint = r(t - renderedAt);
          rec.raf = r(Math.max(0, frameAt - renderedAt));
        }
        this.perf.keystrokes.push(rec);
      }
      const over = this.perf.keystrokes.length - MAX_RECORDS;
      if (over > 0) this.perf.keystrokes.splice(0, over);
      if (first && this.perf.firstResultAt === null) {
        this.perf.firstResultAt = Math.round(this.clock.origin + t);
        this.event('first-result-painted');
      }
    });
  }
}

let timer: KeystrokeTimer | null = null;

/** The page's timer, its marks exposed as `window.__fgPerf`. */
export function pagePerf(): KeystrokeTimer {
  if (!timer) {
    timer = new KeystrokeTimer(newPerf(), browserClock());
    (window as unknown as { __fgPerf: FgPerf }).__fgPerf = timer.perf;
  }
  return timer;
}
