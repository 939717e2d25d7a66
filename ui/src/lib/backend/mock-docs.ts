// Fake knowledge base for the in-browser mock: a dozen realistic documents, written as the HTML
// the Rust renderer produces (heading ids `fg-…`, `data-doc` links, `broken-link` spans,
// `markdown-alert-*` blockquotes, `language-*` code blocks). Development and screenshots only.

import type { DocKind, DocMeta, DocStatus } from './types';

export interface MockDoc {
  path: string;
  title: string;
  kind: DocKind;
  status: DocStatus;
  tags: string[];
  meta: DocMeta;
  html: string;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const h = (level: number, text: string, anchor = slug(text)): string =>
  `<h${level} id="fg-${anchor}">${esc(text)}</h${level}>\n`;
const code = (lang: string, text: string): string =>
  `<pre><code class="language-${lang}">${esc(text.replace(/^\n/, ''))}</code></pre>\n`;
const doc = (path: string, text: string, anchor?: string): string =>
  `<a href="${anchor ? `#fg-${anchor}` : '#'}" class="internal" data-doc="${path}"${anchor ? ` data-anchor="${anchor}"` : ''}>${esc(text)}</a>`;
const ext = (url: string, text: string): string =>
  `<a href="${url}" class="external" rel="noopener noreferrer">${esc(text)}</a>`;
const alert = (kind: string, body: string): string =>
  `<blockquote class="markdown-alert-${kind}">\n<p>${body}</p>\n</blockquote>\n`;

const meta = (m: Partial<DocMeta>): DocMeta => ({
  product: null,
  category: null,
  owner: null,
  reviewBy: null,
  updated: null,
  ticket: null,
  reviewScore: null,
  ...m,
});

export const MOCK_ROOT = '/home/support/kb/northwind-kb';

export const MOCK_DOCS: MockDoc[] = [
  {
    path: 'runbooks/network/vpn-globalprotect-reconnect.md',
    title: 'Reset and reconnect the GlobalProtect VPN client',
    kind: 'runbook',
    status: 'published',
    tags: ['vpn', 'globalprotect', 'network', 'remote-work'],
    meta: meta({
      product: 'GlobalProtect',
      category: 'network',
      owner: 'it-service-desk',
      reviewBy: '2027-03-31',
      updated: '2026-09-22',
    }),
    html:
      `<p>Use this runbook when a user's GlobalProtect client is installed but will not finish connecting to <code>vpn.northwindlabs.example</code>, or connects and immediately drops.</p>\n` +
      h(2, 'When to use') +
      `<ul>\n<li>The client spins on “Connecting…” or “Still working…” for more than two minutes.</li>\n<li>The tray icon shows a grey globe with a red “x” after a laptop wakes from sleep.</li>\n<li>The user sees <code>The network connection is unreachable or the gateway is unresponsive.</code></li>\n<li>The client shows <code>Required client certificate is not found.</code> — go to ${doc('runbooks/network/renew-machine-certificate.md', 'Renew the machine certificate')} instead, resetting will not help.</li>\n</ul>\n` +
      h(2, 'Before you start') +
      `<ol>\n<li>Confirm the laptop has working internet <em>without</em> the VPN: open ${ext('https://example.com', 'example.com')}. Hotel and guest Wi‑Fi captive portals must be accepted first.</li>\n<li>Note the client version (GlobalProtect icon → gear → <strong>About</strong>). Supported versions are 6.2.x and newer.</li>\n<li>Ask which gateway they normally use (<code>gp-eu</code> or <code>gp-us</code>).</li>\n</ol>\n` +
      alert('warning', 'Do not uninstall the client on a laptop that is off-site: without the VPN the device cannot reach Intune or Jamf to reinstall it.') +
      h(2, 'Steps') +
      `<ol>\n<li><p>Have the user click <strong>Disconnect</strong>, wait ten seconds, then <strong>Connect</strong>. If the gateway dropdown shows a manual choice, set it back to <strong>Best Available</strong>.</p></li>\n<li><p>Restart the client services. Windows (PowerShell as admin):</p>\n` +
      code(
        'powershell',
        `Restart-Service -Name PanGPS -Force
Stop-Process -Name PanGPA -ErrorAction SilentlyContinue
Start-Process "C:\\Program Files\\Palo Alto Networks\\GlobalProtect\\PanGPA.exe"`,
      ) +
      `<p>macOS (Terminal, admin):</p>\n` +
      code(
        'bash',
        `launchctl unload /Library/LaunchAgents/com.paloaltonetworks.gp.pangpa.plist
sudo launchctl unload /Library/LaunchDaemons/com.paloaltonetworks.gp.pangpsd.plist
sudo launchctl load /Library/LaunchDaemons/com.paloaltonetworks.gp.pangpsd.plist
launchctl load /Library/LaunchAgents/com.paloaltonetworks.gp.pangpa.plist`,
      ) +
      `</li>\n<li><p>Check that the portal answers on TCP 443 from the user's network:</p>\n` +
      code('powershell', 'Test-NetConnection vpn.northwindlabs.example -Port 443') +
      `<p>If <code>TcpTestSucceeded : False</code>, the local network blocks the VPN. Ask the user to try a phone hotspot to confirm, then stop and <a href="#fg-escalate-if">escalate</a>.</p></li>\n<li><p>Clear the cached portal settings: gear → <strong>Settings</strong> → <strong>General</strong> → remove the portal entry, then add <code>vpn.northwindlabs.example</code> again and sign in through Okta.</p></li>\n<li><p>If the client still spins, flush DNS (see ${doc('runbooks/network/dns-flush-cache.md', 'Flush the DNS cache', 'steps')}) and reboot.</p></li>\n</ol>\n` +
      h(3, 'Gateways') +
      `<table>\n<thead><tr><th>Gateway</th><th>Region</th><th>Address pool</th><th>Notes</th></tr></thead>\n<tbody>\n<tr><td><code>gp-eu</code></td><td>Frankfurt</td><td><code>10.64.0.0/16</code></td><td>Default for EMEA</td></tr>\n<tr><td><code>gp-us</code></td><td>Virginia</td><td><code>10.65.0.0/16</code></td><td>Default for Americas</td></tr>\n<tr><td><code>gp-lab</code></td><td>Frankfurt</td><td><code>10.99.0.0/20</code></td><td>Engineering only, needs group <code>vpn-lab</code></td></tr>\n</tbody>\n</table>\n` +
      h(2, 'Verify') +
      `<ul>\n<li>The client shows <strong>Connected</strong> with a gateway name and an assigned <code>10.64.x.x</code> address.</li>\n<li>Internal names resolve: <code>nslookup intranet.corp.northwindlabs.example</code>.</li>\n</ul>\n` +
      alert('tip', 'A reboot also clears half-open tunnel adapters left over after sleep — suggest it early if the user is on a deadline.') +
      h(2, 'Escalate if', 'escalate-if') +
      `<ul>\n<li><code>Test-NetConnection</code> fails from two different networks.</li>\n<li>The client reports <code>Gateway gp-eu: Authentication failed</code> while Okta sign-in works elsewhere.</li>\n<li>Several users in the same office report the same failure at the same time — see ${doc('escalations/network/vpn-gateway-outage.md', 'VPN gateway outage')}.</li>\n</ul>\n<p>Attach the logs before escalating (see <span class="broken-link" title="Broken link: runbooks/endpoint/collect-logs.md">Collect logs</span>). For DNS problems that only appear <em>while</em> connected, see ${doc('articles/network/vpn-split-tunnel-dns.md', 'Split-tunnel DNS')}. Vendor reference: ${ext('https://docs.paloaltonetworks.com/globalprotect', 'GlobalProtect admin guide')}.</p>\n`,
  },
  {
    path: 'runbooks/network/renew-machine-certificate.md',
    title: 'Renew the machine certificate used by VPN and Wi-Fi',
    kind: 'runbook',
    status: 'published',
    tags: ['certificates', 'vpn', 'wifi', 'pki', 'globalprotect'],
    meta: meta({
      product: 'GlobalProtect',
      category: 'network',
      owner: 'it-service-desk',
      reviewBy: '2027-02-28',
      updated: '2026-08-18',
    }),
    html:
      `<p>Every managed laptop holds a machine certificate issued by the internal CA (<code>Northwind Issuing CA 02</code>). GlobalProtect and the <code>NW-Corp</code> Wi‑Fi both use it to prove the device is managed.</p>\n` +
      h(2, 'When to use') +
      `<ul>\n<li>GlobalProtect shows <code>Required client certificate is not found.</code></li>\n<li>The laptop cannot join <code>NW-Corp</code> Wi‑Fi but joins <code>NW-Guest</code> fine.</li>\n<li>The device was offline for more than a month or was reimaged.</li>\n</ul>\n` +
      h(2, 'Steps') +
      `<ol>\n<li><p>Check what certificate the device has now:</p>\n` +
      code(
        'powershell',
        `Get-ChildItem Cert:\\LocalMachine\\My |
  Where-Object { $_.Issuer -like "*Northwind Issuing CA*" } |
  Select-Object Subject, NotAfter, Thumbprint`,
      ) +
      `</li>\n<li><p>Trigger autoenrollment:</p>\n` +
      code('powershell', 'certutil -pulse\ngpupdate /force') +
      `</li>\n<li><p>On macOS, run <strong>Renew device certificate</strong> from Self Service, then reconnect the VPN with ${doc('runbooks/network/vpn-globalprotect-reconnect.md', 'the reconnect runbook', 'steps')}.</p></li>\n</ol>\n` +
      alert('important', 'A certificate renewed while the clock is wrong is issued with the wrong validity window. Check the time zone first.'),
  },
  {
    path: 'runbooks/network/dns-flush-cache.md',
    title: 'Flush the DNS cache and check which resolver is in use',
    kind: 'runbook',
    status: 'published',
    tags: ['dns', 'network', 'troubleshooting'],
    meta: meta({
      product: 'Corporate network',
      category: 'network',
      owner: 'it-service-desk',
      reviewBy: '2027-01-31',
      updated: '2026-09-03',
    }),
    html:
      `<p>A stale DNS cache makes a laptop keep going to an old IP address after a service moves. Flushing is safe and quick; do it early in any “site won't load” call.</p>\n` +
      h(2, 'Steps') +
      `<p>Windows:</p>\n` +
      code('powershell', 'Clear-DnsClientCache\nipconfig /flushdns') +
      `<p>macOS (Ventura and later):</p>\n` +
      code('bash', 'sudo dscacheutil -flushcache\nsudo killall -HUP mDNSResponder') +
      h(2, 'Check the resolver') +
      code('bash', 'scutil --dns | grep nameserver | sort -u') +
      `<p>If internal names fail only on VPN, read ${doc('articles/network/vpn-split-tunnel-dns.md', 'Split-tunnel DNS')}.</p>\n`,
  },
  {
    path: 'articles/network/vpn-split-tunnel-dns.md',
    title: 'Internal names do not resolve while on VPN (split-tunnel DNS)',
    kind: 'article',
    status: 'published',
    tags: ['vpn', 'dns', 'split-tunnel', 'network'],
    meta: meta({
      product: 'GlobalProtect',
      category: 'network',
      owner: 'network-team',
      reviewBy: '2026-10-31',
      updated: '2026-04-12',
    }),
    html:
      h(2, 'Issue') +
      `<p>While connected to the VPN, <code>*.corp.northwindlabs.example</code> names return <code>NXDOMAIN</code>, but IP addresses work.</p>\n` +
      h(2, 'Environment') +
      `<ul>\n<li>GlobalProtect 6.2 with split tunnelling</li>\n<li>Windows 11, macOS 14+</li>\n</ul>\n` +
      h(2, 'Resolution') +
      `<ol>\n<li>Check that the domain is in the split-DNS list pushed by the gateway.</li>\n<li>Flush the cache (${doc('runbooks/network/dns-flush-cache.md', 'Flush the DNS cache')}).</li>\n<li>Turn off “Secure DNS” in Chrome and Edge for managed devices.</li>\n</ol>\n` +
      h(2, 'Cause') +
      `<p>A domain added to the internal zone after the gateway config was last pushed.</p>\n`,
  },
  {
    path: 'articles/network/legacy-pulse-secure-vpn.md',
    title: 'Pulse Secure VPN (legacy) cannot connect',
    kind: 'article',
    status: 'retired',
    tags: ['vpn', 'pulse-secure', 'legacy'],
    meta: meta({ product: 'Pulse Secure', category: 'network', owner: 'network-team', updated: '2024-11-02' }),
    html:
      alert('caution', 'Pulse Secure was decommissioned in 2025. Move the user to GlobalProtect.') +
      h(2, 'Issue') +
      `<p>The Pulse client shows <code>Error 1329</code> when connecting.</p>\n` +
      h(2, 'Resolution') +
      `<p>Uninstall Pulse Secure and follow ${doc('runbooks/network/vpn-globalprotect-reconnect.md', 'the GlobalProtect runbook')}.</p>\n`,
  },
  {
    path: 'flows/vpn-cannot-connect.md',
    title: 'Laptop cannot reach the VPN',
    kind: 'flow',
    status: 'published',
    tags: ['vpn', 'network'],
    meta: meta({ category: 'network', owner: 'it-service-desk', updated: '2026-09-30', reviewBy: '2027-03-01' }),
    html:
      h(2, 'Is the laptop online?', 'start') +
      `<p>Open a browser and load any public site.</p>\n<ul>\n<li><a href="#fg-vpn-client">Yes, pages load</a></li>\n<li><a href="#fg-no-network">No</a></li>\n</ul>\n` +
      h(2, 'Check the VPN client', 'vpn-client') +
      `<ul>\n<li><a href="#fg-renew-cert">Client shows “certificate expired”</a></li>\n<li><a href="#fg-reset">Client spins on Connecting…</a></li>\n</ul>\n` +
      h(2, 'Renew the machine certificate', 'renew-cert') +
      `<p>See ${doc('runbooks/network/renew-machine-certificate.md', 'Renew the machine certificate')}.</p>\n<blockquote>\n<p>outcome: resolved</p>\n</blockquote>\n` +
      h(2, 'Reset the client', 'reset') +
      `<p>Follow ${doc('runbooks/network/vpn-globalprotect-reconnect.md', 'Reset and reconnect', 'steps')}.</p>\n` +
      h(2, 'No network at all', 'no-network') +
      `<p>Troubleshoot Wi‑Fi first.</p>\n<blockquote>\n<p>outcome: escalate</p>\n</blockquote>\n`,
  },
  {
    path: 'tickets/2026/inc-20417-vpn-client-certificate-expired.md',
    title: 'INC-20417: VPN client certificate expired after long leave',
    kind: 'ticket',
    status: 'published',
    tags: ['vpn', 'certificates'],
    meta: meta({ category: 'network', owner: 'j.okafor', updated: '2026-02-14', ticket: 'INC-20417' }),
    html:
      h(2, 'Issue') +
      `<p>User back from three months of leave; GlobalProtect reports <code>Valid client certificate is required.</code></p>\n` +
      h(2, 'Steps taken') +
      `<ol>\n<li>Is the laptop online? → Yes, pages load</li>\n<li>Check the VPN client → Client shows “certificate expired”</li>\n</ol>\n` +
      h(2, 'Resolution') +
      `<p>Connected by cable in the office, ran <code>certutil -pulse</code>, reconnected. Used ${doc('runbooks/network/renew-machine-certificate.md', 'Renew the machine certificate')}.</p>\n`,
  },
  {
    path: 'runbooks/identity/okta-mfa-reset-new-phone.md',
    title: 'Move Okta Verify to a new phone',
    kind: 'runbook',
    status: 'published',
    tags: ['okta', 'mfa', 'identity'],
    meta: meta({ product: 'Okta', category: 'identity', owner: 'identity-team', reviewBy: '2027-04-30', updated: '2026-10-02' }),
    html:
      `<p>Users who replace their phone lose Okta Verify unless they moved it first. Verify identity before resetting any factor.</p>\n` +
      h(2, 'Verify the caller') +
      alert('caution', 'Never reset MFA on the strength of a call alone. Use a video call with ID or the manager callback procedure.') +
      h(2, 'Steps') +
      `<ol>\n<li>Okta Admin → <strong>Directory</strong> → <strong>People</strong> → user → <strong>Reset Multifactor</strong> → Okta Verify only.</li>\n<li>Ask the user to sign in at ${ext('https://northwind.okta.example', 'northwind.okta.example')} and enrol the new phone.</li>\n</ol>\n`,
  },
  {
    path: 'runbooks/identity/password-reset.md',
    title: 'Reset an Active Directory password',
    kind: 'runbook',
    status: 'draft',
    tags: ['password', 'active-directory', 'identity'],
    meta: meta({ product: 'Active Directory', category: 'identity', owner: 'identity-team', updated: '2026-11-01' }),
    html:
      h(2, 'Steps') +
      code('powershell', 'Set-ADAccountPassword -Identity jdoe -Reset -NewPassword (Read-Host -AsSecureString)\nSet-ADUser -Identity jdoe -ChangePasswordAtLogon $true') +
      alert('note', 'Remote users must be on the VPN to sync the new password to their laptop.'),
  },
  {
    path: 'articles/identity/sso-saml-login-loop.md',
    title: 'SSO login loops back to the sign-in page',
    kind: 'article',
    status: 'published',
    tags: ['sso', 'saml', 'okta', 'browser'],
    meta: meta({ product: 'Northwind Portal', category: 'identity', owner: 'identity-team', reviewBy: '2026-06-30', updated: '2025-12-10' }),
    html:
      h(2, 'Issue') +
      `<p>After signing in with Okta the portal redirects back to the login page, forever.</p>\n` +
      h(2, 'Resolution') +
      `<ol>\n<li>Check the laptop clock: SAML assertions are rejected with more than 5 minutes of skew.</li>\n<li>Clear cookies for <code>portal.northwindlabs.example</code> only.</li>\n<li>Capture a HAR if it persists.</li>\n</ol>\n` +
      h(2, 'Cause') +
      `<p>Clock skew or a stale session cookie.</p>\n`,
  },
  {
    path: 'runbooks/mail/outlook-ost-rebuild.md',
    title: 'Rebuild a corrupt Outlook OST file',
    kind: 'runbook',
    status: 'published',
    tags: ['outlook', 'mail', 'exchange'],
    meta: meta({ product: 'Microsoft 365', category: 'mail', owner: 'it-service-desk', reviewBy: '2027-05-31', updated: '2026-07-19' }),
    html:
      h(2, 'Steps') +
      `<ol>\n<li>Close Outlook and Teams.</li>\n<li>Rename the OST:</li>\n</ol>\n` +
      code('powershell', 'Rename-Item "$env:LOCALAPPDATA\\Microsoft\\Outlook\\*.ost" -NewName { $_.Name + ".old" }') +
      `<p>Start Outlook; it downloads the mailbox again (large mailboxes take an hour).</p>\n`,
  },
  {
    path: 'runbooks/printing/clear-stuck-print-queue.md',
    title: 'Clear a stuck print queue',
    kind: 'runbook',
    status: 'published',
    tags: ['printing', 'spooler', 'windows'],
    meta: meta({ product: 'PaperCut', category: 'printing', owner: 'it-service-desk', reviewBy: '2027-01-15', updated: '2026-05-30' }),
    html:
      h(2, 'Steps') +
      code('powershell', 'Stop-Service Spooler -Force\nRemove-Item C:\\Windows\\System32\\spool\\PRINTERS\\* -Force\nStart-Service Spooler') +
      alert('tip', 'If jobs are “held” rather than stuck, the user must release them at the printer with their badge.'),
  },
  {
    path: 'escalations/network/vpn-gateway-outage.md',
    title: 'Escalate: VPN gateway outage (many users)',
    kind: 'escalation',
    status: 'published',
    tags: ['vpn', 'outage', 'network', 'major-incident'],
    meta: meta({ category: 'network', owner: 'network-team', reviewBy: '2027-02-01', updated: '2026-08-01' }),
    html:
      h(2, 'When') +
      `<p>Three or more users in one region cannot connect to the VPN within 15 minutes.</p>\n` +
      h(2, 'Who') +
      `<table>\n<thead><tr><th>Hours</th><th>Contact</th></tr></thead>\n<tbody>\n<tr><td>Business hours</td><td>#net-oncall, then the network team queue</td></tr>\n<tr><td>Out of hours</td><td>On-call phone, then <a href="mailto:noc@northwindlabs.example" class="external" rel="noopener noreferrer">noc@northwindlabs.example</a></td></tr>\n</tbody>\n</table>\n` +
      h(2, 'What to include') +
      `<ul>\n<li>Gateway name and region, first report time, number of users.</li>\n<li>Output of <code>Test-NetConnection vpn.northwindlabs.example -Port 443</code>.</li>\n</ul>\n`,
  },
  {
    path: 'runbooks/web/tls-certificate-expiry.md',
    title: 'Check and renew an expiring TLS certificate',
    kind: 'runbook',
    status: 'published',
    tags: ['tls', 'certificates', 'web'],
    meta: meta({ product: 'Status page', category: 'web', owner: 'platform-team', reviewBy: '2027-06-30', updated: '2026-09-12' }),
    html:
      h(2, 'Check') +
      code('bash', 'echo | openssl s_client -connect status.northwindlabs.example:443 -servername status.northwindlabs.example 2>/dev/null \\\n  | openssl x509 -noout -dates -issuer') +
      h(2, 'Renew') +
      `<p>Certificates from the ACME issuer renew 30 days before expiry. If renewal failed, check the DNS-01 challenge record.</p>\n`,
  },
];
