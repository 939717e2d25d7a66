// Unit tests for the UI's DOM-free helpers, run with `npm test` (node's built-in runner over
// the output of tsconfig.test.json).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { safeSnippet, shortenPath } from '../.test-build/lib/dom.js';
import { formatDate, formatMicros, isOverdue, plural, todayIso } from '../.test-build/lib/format.js';
import { docHref, parseRoute } from '../.test-build/lib/route.js';
import { classifyLink } from '../.test-build/screens/reader/links.js';

test('snippets keep <b> and neutralise any other tag', () => {
  assert.equal(safeSnippet('a <b>vpn</b> &lt;x&gt;'), 'a <b>vpn</b> &lt;x&gt;');
  assert.equal(safeSnippet('<img src=x onerror=alert(1)><b>ok</b>'), '&lt;img src=x onerror=alert(1)><b>ok</b>');
  assert.equal(safeSnippet('<b onclick=x>no</b>'), '&lt;b onclick=x>no</b>');
  assert.equal(safeSnippet('<script>x</script>'), '&lt;script>x&lt;/script>');
});

test('KB roots are shortened for the header', () => {
  assert.equal(shortenPath('/home/ana/kb/northwind'), '~/kb/northwind');
  assert.equal(shortenPath('/srv/support/teams/emea/kb/northwind'), '…/kb/northwind');
  assert.equal(shortenPath('C:\\Users\\ana\\kb'), '~\\kb');
});

test('dates, overdue reviews, durations', () => {
  // The locale's numeric date, as an <input type="date"> shows it.
  assert.equal(formatDate('2026-09-22', 'en-US'), '09/22/2026');
  assert.equal(formatDate('2026-09-22', 'en-GB'), '22/09/2026');
  assert.equal(formatDate('2026-09-22', 'de-DE'), '22.09.2026');
  assert.equal(formatDate('2026-02-31', 'en-US'), '2026-02-31');
  assert.equal(formatDate('soon'), 'soon');
  assert.equal(isOverdue('2026-06-30', '2026-11-23'), true);
  assert.equal(isOverdue('2026-11-23', '2026-11-23'), false);
  assert.equal(isOverdue(null, '2026-11-23'), false);
  assert.equal(isOverdue('not a date', '2026-11-23'), false);
  assert.equal(todayIso(new Date(2026, 0, 5)), '2026-01-05');
  assert.equal(formatMicros(3), '3 µs');
  assert.equal(formatMicros(450), '0.45 ms');
  assert.equal(formatMicros(12_300), '12.3 ms');
  assert.equal(plural(1, 'doc'), '1 doc');
  assert.equal(plural(3, 'doc'), '3 docs');
});

test('routes round-trip paths and anchors', () => {
  const href = docHref('runbooks/net/vpn reset#1.md', 'steps');
  assert.equal(href, '#/doc/runbooks/net/vpn%20reset%231.md?anchor=steps');
  assert.deepEqual(parseRoute(href), { name: 'doc', path: 'runbooks/net/vpn reset#1.md', anchor: 'steps' });
  assert.deepEqual(parseRoute('#/doc/a/b.md'), { name: 'doc', path: 'a/b.md', anchor: null });
  assert.deepEqual(parseRoute('#/'), { name: 'home' });
  assert.deepEqual(parseRoute('#/doc/%E0%A4%A'), { name: 'home' });
});

const anchor = (attrs) => ({ getAttribute: (k) => (k in attrs ? attrs[k] : null) });

test('rendered links are classified, never followed blindly', () => {
  assert.deepEqual(classifyLink(anchor({ href: '#fg-steps', 'data-doc': 'runbooks/x.md', 'data-anchor': 'steps' })), {
    type: 'doc',
    path: 'runbooks/x.md',
    anchor: 'steps',
  });
  assert.deepEqual(classifyLink(anchor({ href: '#', 'data-doc': 'runbooks/x.md' })), { type: 'doc', path: 'runbooks/x.md', anchor: null });
  assert.deepEqual(classifyLink(anchor({ href: '#fg-verify' })), { type: 'anchor', anchor: 'verify' });
  assert.deepEqual(classifyLink(anchor({ href: 'https://example.com/a' })), { type: 'external', url: 'https://example.com/a' });
  assert.deepEqual(classifyLink(anchor({ href: 'mailto:noc@example.com' })), { type: 'external', url: 'mailto:noc@example.com' });
  for (const href of ['javascript:alert(1)', 'file:///etc/passwd', '#top', '/x', 'runbooks/x.md', '']) {
    assert.deepEqual(classifyLink(anchor({ href })), { type: 'ignore' }, href);
  }
  assert.deepEqual(classifyLink(anchor({})), { type: 'ignore' });
});

test('a pasted query or one ending in a space is finished; typing is not', async () => {
  const { queryFinished } = await import('../.test-build/lib/query.js');
  assert.equal(queryFinished('insertText', 'outlook crash'), false);
  assert.equal(queryFinished('insertText', 'outlook crash '), true);
  assert.equal(queryFinished('insertFromPaste', 'ORA-12154: TNS:could not resolve'), true);
  assert.equal(queryFinished('insertFromDrop', 'kube api down'), true);
  assert.equal(queryFinished('deleteContentBackward', 'outlook cra'), false);
});
