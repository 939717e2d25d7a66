// Unit tests for the flow player's DOM-free parts: its route and the tree's title wrapping.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { flowHref, parseFlowRoute } from '../.test-build/screens/flow/route.js';
import { wrapTitle } from '../.test-build/screens/flow/tree.js';

test('flow routes round-trip session ids', () => {
  assert.equal(parseFlowRoute('#/flow/fs-18a2b-3'), 'fs-18a2b-3');
  assert.equal(parseFlowRoute(flowHref('a b/c')), 'a b/c');
  assert.equal(parseFlowRoute('#/flow/'), null);
  assert.equal(parseFlowRoute('#/doc/flows/vpn.md'), null);
  assert.equal(parseFlowRoute('#/flow/%E0%A4%A'), null, 'bad escapes are not a route');
});

test('tree titles wrap to two lines of at most 20 characters', () => {
  assert.deepEqual(wrapTitle('Is the laptop online?'), ['Is the laptop', 'online?']);
  assert.deepEqual(wrapTitle('Done'), ['Done']);
  const lines = wrapTitle('What does the GlobalProtect client show on the screen right now?');
  assert.equal(lines.length, 2);
  assert.ok(lines.every((l) => l.length <= 20), JSON.stringify(lines));
  assert.ok(lines[1].endsWith('…'));
  assert.deepEqual(wrapTitle('Supercalifragilisticexpialidocious'), ['Supercalifragilisti…']);
});
