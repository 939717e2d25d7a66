// Latest-wins coalescing of asynchronous requests (search as you type, without a debounce).
//
// At most one request is in flight. A request submitted while one is in flight waits; a later
// one replaces it, so when the in-flight request returns only the newest waiting request runs.
// A response is delivered only if no newer request was submitted (or `cancel` called) after
// its own: the screen never shows a stale response over a newer one, and responses arrive
// in submission order because only one is ever outstanding.

export type Outcome<Res> = { ok: true; value: Res } | { ok: false; error: unknown };

export class LatestWins<Req, Res> {
  private inFlight = false;
  private pending: Req | null = null;
  private hasPending = false;
  /** Bumped by every `submit` and `cancel`; a response is current iff it still matches. */
  private generation = 0;

  /**
   * `exec` performs one request; `deliver` receives the outcome of a request that is still
   * the latest one. `onIdle` (optional) runs whenever nothing is in flight or waiting.
   */
  constructor(
    private readonly exec: (req: Req) => Promise<Res>,
    private readonly deliver: (req: Req, outcome: Outcome<Res>) => void,
    private readonly onIdle?: () => void,
  ) {}

  /** True while a request is in flight or waiting. */
  get busy(): boolean {
    return this.inFlight || this.hasPending;
  }

  /** Runs `req` now, or after the request in flight (replacing any request already waiting). */
  submit(req: Req): void {
    this.generation++;
    if (this.inFlight) {
      this.pending = req;
      this.hasPending = true;
      return;
    }
    void this.start(req);
  }

  /** Drops whatever is waiting, and the response of the request in flight. */
  cancel(): void {
    this.generation++;
    this.pending = null;
    this.hasPending = false;
    if (!this.inFlight) this.onIdle?.();
  }

  private async start(req: Req): Promise<void> {
    this.inFlight = true;
    const generation = this.generation;
    let outcome: Outcome<Res>;
    try {
      outcome = { ok: true, value: await this.exec(req) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    this.inFlight = false;
    if (this.hasPending) {
      // The query changed while this one ran: its response is stale; run only the newest.
      const next = this.pending as Req;
      this.pending = null;
      this.hasPending = false;
      void this.start(next);
      return;
    }
    if (generation === this.generation) this.deliver(req, outcome);
    if (!this.busy) this.onIdle?.();
  }
}
