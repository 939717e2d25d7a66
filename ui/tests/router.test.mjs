// Unit tests for the screen lifecycle (lib/route.ts: Router): one screen on view after every
// route change, whatever was on view before; a screen that refuses to be left stays.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Router } from '../.test-build/lib/route.js';

function screens(log) {
  const mk = (name, re) => ({
    name,
    shown: false,
    match: (hash) => (re.test(hash) ? hash : null),
    mount(r) {
      this.shown = true;
      log.push(`mount ${name} ${r}`);
    },
    unmount() {
      this.shown = false;
    },
  });
  return [mk('dashboard', /^#\/dashboard/), mk('authoring', /^#\/(edit|new|health)/), mk('record', /^#\/record/), mk('reader', /.*/)];
}

test('exactly the matching screen is on view after any move', async () => {
  const log = [];
  const list = screens(log);
  const root = { dataset: {} };
  const router = new Router(root, list);
  const hashes = ['#/', '#/dashboard', '#/health', '#/dashboard', '#/record', '#/new', '#/doc/a.md', '#/edit/a.md', '#/'];
  for (const from of hashes) {
    for (const to of hashes) {
      await router.go(from);
      await router.go(to);
      const on = list.filter((s) => s.shown).map((s) => s.name);
      const want = list.find((s) => s.match(to) !== null).name;
      assert.deepEqual(on, [want], `${from} → ${to}`);
      assert.equal(root.dataset.screen, want);
      assert.equal(router.active, want);
    }
  }
  assert.equal(log.at(-1), 'mount reader #/');
});

test('the last hash of each screen is remembered (the way back to search)', async () => {
  const router = new Router({ dataset: {} }, screens([]));
  assert.equal(router.lastHash('reader'), null);
  await router.go('#/doc/runbooks/vpn.md');
  await router.go('#/dashboard');
  assert.equal(router.lastHash('reader'), '#/doc/runbooks/vpn.md');
  assert.equal(router.lastHash('dashboard'), '#/dashboard');
});

test('a screen with unsaved work can keep the route', async () => {
  const list = screens([]);
  let dirty = true;
  list[1].canLeave = () => !dirty;
  const restored = [];
  globalThis.location = {
    set hash(h) {
      restored.push(h);
    },
  };
  try {
    const router = new Router({ dataset: {} }, list);
    await router.go('#/edit/a.md');
    await router.go('#/dashboard');
    assert.equal(router.active, 'authoring');
    assert.deepEqual(restored, ['#/edit/a.md']);
    assert.equal(list[0].shown, false);
    dirty = false;
    await router.go('#/dashboard');
    assert.equal(router.active, 'dashboard');
    assert.equal(list[1].shown, false);
  } finally {
    delete globalThis.location;
  }
});
