// Unit tests for search-as-you-type coalescing (lib/latest.ts) and the keystroke timer behind
// window.__fgPerf (lib/perf.ts), with hand-resolved promises and a fake clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { LatestWins } from '../.test-build/lib/latest.js';
import { KeystrokeTimer, MAX_RECORDS, newPerf } from '../.test-build/lib/perf.js';

/** A backend whose calls resolve only when the test says so. */
function manualBackend() {
  const calls = [];
  const exec = (req) =>
    new Promise((resolve, reject) => {
      calls.push({ req, resolve, reject });
    });
  return { calls, exec };
}

const tick = () => new Promise((r) => setImmediate(r));

function harness() {
  const be = manualBackend();
  const delivered = [];
  let idle = 0;
  const lw = new LatestWins(
    be.exec,
    (req, outcome) => delivered.push({ req, outcome }),
    () => idle++,
  );
  return { be, delivered, lw, idle: () => idle };
}

test('one request in flight; only the newest waiting query runs next; stale responses dropped', async () => {
  const { be, delivered, lw, idle } = harness();
  lw.submit('v');
  lw.submit('vp');
  lw.submit('vpn');
  assert.deepEqual(be.calls.map((c) => c.req), ['v'], 'the others wait for the one in flight');
  assert.equal(lw.busy, true);

  be.calls[0].resolve('results for v');
  await tick();
  assert.deepEqual(delivered, [], "'v' is stale once 'vpn' was typed: never shown");
  assert.deepEqual(be.calls.map((c) => c.req), ['v', 'vpn'], "'vp' was skipped, 'vpn' runs");

  be.calls[1].resolve('results for vpn');
  await tick();
  assert.deepEqual(delivered, [{ req: 'vpn', outcome: { ok: true, value: 'results for vpn' } }]);
  assert.equal(lw.busy, false);
  assert.equal(idle(), 1);
});

test('a response with nothing newer waiting is delivered at once', async () => {
  const { be, delivered, lw } = harness();
  lw.submit('saml');
  be.calls[0].resolve(42);
  await tick();
  assert.deepEqual(delivered, [{ req: 'saml', outcome: { ok: true, value: 42 } }]);
  lw.submit('saml login');
  assert.equal(be.calls.length, 2, 'an idle coalescer runs a new request immediately');
});

test('errors are delivered like results, and a stale error is dropped too', async () => {
  const { be, delivered, lw } = harness();
  lw.submit('"unclosed');
  lw.submit('"closed"');
  be.calls[0].reject(new Error('query'));
  await tick();
  assert.deepEqual(delivered, []);
  be.calls[1].reject(new Error('loading'));
  await tick();
  assert.equal(delivered.length, 1);
  assert.equal(delivered[0].req, '"closed"');
  assert.equal(delivered[0].outcome.ok, false);
  assert.equal(delivered[0].outcome.error.message, 'loading');
});

test('cancel drops the response in flight and whatever waits (the box was emptied)', async () => {
  const { be, delivered, lw, idle } = harness();
  lw.submit('vpn');
  lw.submit('vpn client');
  lw.cancel();
  be.calls[0].resolve('results for vpn');
  await tick();
  assert.deepEqual(delivered, []);
  assert.equal(be.calls.length, 1, 'the cancelled waiting query never runs');
  assert.equal(lw.busy, false);
  assert.equal(idle(), 1);
  lw.cancel();
  assert.equal(idle(), 2, 'cancel when idle reports idle at once');
});

test('a query submitted after the response is delivered is not affected by it', async () => {
  const { be, delivered, lw } = harness();
  lw.submit('a');
  be.calls[0].resolve('A');
  await tick();
  lw.submit('b');
  lw.submit('c');
  be.calls[1].resolve('B');
  await tick();
  be.calls[2].resolve('C');
  await tick();
  assert.deepEqual(
    delivered.map((d) => d.req),
    ['a', 'c'],
  );
});

/** A clock the test advances; paints happen when the test calls `paint()`. */
function fakeClock() {
  const frames = [];
  const clock = {
    t: 0,
    origin: 1_700_000_000_000,
    now: () => clock.t,
    afterPaint: (cb) => frames.push(cb),
    /** Paints; the frame's animation-frame callbacks ran at `frameAt` (default: now). */
    paint: (frameAt) => frames.splice(0).forEach((cb) => cb(frameAt ?? clock.t)),
  };
  return clock;
}

test('keystroke → painted results is timed per keystroke; superseded keystrokes are counted', () => {
  const clock = fakeClock();
  const perf = newPerf();
  const timer = new KeystrokeTimer(perf, clock);
  timer.input('v');
  clock.t = 100;
  timer.input('vp');
  clock.t = 120;
  timer.input('vpn ');
  clock.t = 130;
  timer.rendered('vpn', 3); // 'v' and 'vp' never showed
  assert.deepEqual(perf.keystrokes, [], 'timed only once painted');
  clock.t = 145;
  clock.paint();
  assert.deepEqual(perf.keystrokes, [{ query: 'vpn', ms: 25 }]);
  assert.equal(perf.superseded, 2);
  assert.equal(perf.firstResultAt, clock.origin + 145);

  clock.t = 200;
  timer.input('vpn c');
  clock.t = 207.25;
  timer.rendered('vpn c', 0);
  clock.paint();
  assert.deepEqual(perf.keystrokes.at(-1), { query: 'vpn c', ms: 7.3 });

  // With the search's send/answer times, the record says where the time went.
  clock.t = 300;
  timer.input('vpn cl');
  clock.t = 310; // sent after 10 ms behind an earlier search
  const sent = clock.t;
  clock.t = 322;
  const answered = clock.t;
  clock.t = 325;
  timer.rendered('vpn cl', 2, { sentAt: sent, receivedAt: answered });
  clock.t = 340;
  clock.paint(332); // the frame began 7 ms after the list was built, was painted 8 ms later
  assert.deepEqual(perf.keystrokes.at(-1), { query: 'vpn cl', ms: 40, queued: 10, ipc: 12, dom: 3, paint: 15, raf: 7 });
  assert.equal(perf.firstResultAt, clock.origin + 145, 'the first result is recorded once');

  timer.input('');
  timer.rendered('vpn c', 1); // a refresh with no keystroke pending: nothing to time
  clock.paint();
  assert.equal(perf.keystrokes.length, 3);
  assert.equal(perf.superseded, 2, 'an emptied box is not a keystroke waiting for results');
});

test('the keystroke records are bounded', () => {
  const clock = fakeClock();
  const perf = newPerf();
  const timer = new KeystrokeTimer(perf, clock);
  for (let i = 0; i < MAX_RECORDS + 10; i++) {
    timer.input(`q${i}`);
    timer.rendered(`q${i}`, 1);
    clock.paint();
  }
  assert.equal(perf.keystrokes.length, MAX_RECORDS);
  assert.equal(perf.keystrokes.at(-1).query, `q${MAX_RECORDS + 9}`);
});
