// The dashboard's "Team" card: resolution figures for the whole team, computed from the ticket
// notes in the shared KB (every technician's, as synced), one row per author (from git). The
// other tiles and charts come from this laptop's private journal; the card says so.

import type { TeamFigures, TeamReport } from '../../lib/backend/types';
import { h } from '../../lib/dom';
import { fmtMinutes, fmtRate, fmtWhen } from './format';
import { table } from './table';

/** The source line of the card: where the figures come from. */
export function teamSource(r: TeamReport): string {
  const notes = `${r.notesInKb} ticket note${r.notesInKb === 1 ? '' : 's'} in the KB`;
  return r.shared
    ? `Source: the ${notes}, shared with the team by sync; each note counted for the person whose commit added it.`
    : `Source: the ${notes}. This KB is not a git working copy, so notes are not attributed to people and only this folder's notes count.`;
}

export function teamSection(r: TeamReport): HTMLElement {
  const rows: TeamFigures[] = [{ ...r.overall, key: 'Whole team' }, ...r.authors];
  return h('div.team-figures', null, [
    h('p.dash-source', { id: 'team-source', text: teamSource(r) }),
    table({
      id: 'team-table',
      rows: r.overall.notes ? rows : [],
      empty: 'No ticket notes resolved in this period.',
      columns: [
        { label: 'Who', cell: (f) => f.key },
        { label: 'Notes', numeric: true, cell: (f) => f.notes },
        { label: 'Resolved', numeric: true, cell: (f) => f.resolved },
        { label: 'Escalated', numeric: true, cell: (f) => f.escalated },
        { label: 'Escalation rate', numeric: true, cell: (f) => fmtRate(f.escalationRate) },
        { label: 'Median TTR', numeric: true, cell: (f) => fmtMinutes(f.medianTtrMin) },
        { label: 'p90 TTR', numeric: true, cell: (f) => fmtMinutes(f.p90TtrMin) },
        { label: 'Last note', nowrap: true, cell: (f) => (f.lastNote ? fmtWhen(f.lastNote) : '–') },
      ],
      rowKey: (f) => f.key,
    }),
  ]);
}
