// Unit tests of the team (git) UI helpers: the sync chip's words, the interval setting, the
// reader's "last changed" line and the diff colouring.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { chipLabel, diffLines, formatWhen, lastChangedText, parseSyncMinutes } from '../.test-build/lib/team.js';

const view = (state, extra = {}) => ({
  status: { branch: 'main', upstream: 'origin/main', ahead: 0, behind: 0, dirty: [], offline: null, state, ...extra },
  explain: null,
  autoSync: true,
  lastSync: null,
  identity: 'Ana <a@example.com>',
  identityError: null,
});

test('the chip says up to date / N to push / N to pull / offline / conflict', () => {
  assert.deepEqual(chipLabel(view({ state: 'up-to-date' })), { text: 'Up to date', kind: 'ok' });
  assert.deepEqual(chipLabel(view({ state: 'to-push', detail: 3 }, { ahead: 3 })), { text: '3 to push', kind: 'pending' });
  assert.deepEqual(chipLabel(view({ state: 'to-pull', detail: 2 }, { behind: 2 })), { text: '2 to pull', kind: 'pending' });
  assert.deepEqual(chipLabel(view({ state: 'diverged' }, { ahead: 1, behind: 4 })), { text: '1 to push · 4 to pull', kind: 'pending' });
  // Uncommitted files count as one more commit to push (the sweep makes one).
  assert.equal(chipLabel(view({ state: 'up-to-date' }, { dirty: ['a.md', 'b.md'] })).text, '1 to push');
  assert.deepEqual(chipLabel(view({ state: 'offline' }, { ahead: 2 })), { text: 'Offline · 2 to push', kind: 'offline' });
  assert.deepEqual(chipLabel(view({ state: 'offline' })), { text: 'Offline', kind: 'offline' });
  assert.deepEqual(chipLabel(view({ state: 'conflict', detail: ['a.md'] }, { ahead: 1, behind: 1 })), { text: 'Conflict', kind: 'conflict' });
  assert.equal(chipLabel(view({ state: 'interrupted', detail: 'rebase' })).kind, 'error');
  assert.deepEqual(chipLabel(view({ state: 'up-to-date' }), true), { text: 'Syncing…', kind: 'busy' });
  const refused = { ...view({ state: 'to-push', detail: 1 }, { ahead: 1 }), lastSync: { atMs: 0, tookMs: 0, pulled: 0, pushed: 0, changed: 0, pushRefused: 'protected branch', error: null } };
  assert.deepEqual(chipLabel(refused), { text: 'Push refused · 1 to push', kind: 'error' });
});

test('the sync interval setting falls back to 5 minutes', () => {
  assert.equal(parseSyncMinutes(null), 5);
  assert.equal(parseSyncMinutes('0'), 0);
  assert.equal(parseSyncMinutes('15'), 15);
  assert.equal(parseSyncMinutes('7'), 5);
  assert.equal(parseSyncMinutes('junk'), 5);
});

test('times are shown as HH:MM today, with the date otherwise', () => {
  const now = new Date(2026, 11, 6, 15, 0).getTime();
  assert.equal(formatWhen(new Date(2026, 11, 6, 9, 5).getTime(), now), '09:05');
  assert.equal(formatWhen(new Date(2026, 10, 30, 17, 45).getTime(), now), '30 Nov 2026 17:45');
  const change = { commit: 'abc', author: 'Ben Okafor', email: 'b@x', time: new Date(2026, 11, 6, 14, 1).getTime() / 1000, message: 'm' };
  assert.equal(lastChangedText(change, now), 'Last changed by Ben Okafor today at 14:01');
  assert.equal(lastChangedText({ ...change, time: new Date(2026, 10, 2, 8, 0).getTime() / 1000 }, now), 'Last changed by Ben Okafor on 2 Nov 2026 08:00');
});

test('a unified diff is split into file, hunk, added, removed and context lines', () => {
  const d = 'diff --git a/x.md b/x.md\nindex 1..2 100644\n--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@\n keep\n-old\n+new\n';
  assert.deepEqual(
    diffLines(d).map((l) => l.kind),
    ['file', 'file', 'file', 'file', 'hunk', 'ctx', 'del', 'add'],
  );
  assert.deepEqual(diffLines(''), []);
});
