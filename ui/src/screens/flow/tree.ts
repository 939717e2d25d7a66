// The picture of a whole flow: an SVG built from the core's layered graph (one row per depth
// from the start, nodes in discovery order), edges as curves, the current node highlighted,
// visited nodes marked, outcome nodes coloured (resolved green, escalate amber).

import type { Graph, GraphNode } from '../../lib/backend/types';

const NS = 'http://www.w3.org/2000/svg';
const W = 140;
const H = 40;
const GAP_X = 14;
const GAP_Y = 34;
const PAD = 10;

type Attrs = Record<string, string | number>;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export interface TreeMarks {
  current: string;
  visited: string[];
  /** Clicking a visited node (not the current one) goes back to it. */
  onVisitedClick?(nodeId: string): void;
}

/** Splits a title into at most two lines of ~20 characters (the full title is the tooltip). */
export function wrapTitle(title: string, max = 20): string[] {
  const words = title.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (!line) line = w;
    else if (line.length + 1 + w.length <= max) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  if (lines.length > 2) {
    const second = lines.slice(1).join(' ');
    return [lines[0] ?? '', `${second.slice(0, max - 1)}…`];
  }
  return lines.map((l) => (l.length > max ? `${l.slice(0, max - 1)}…` : l));
}

export function renderTree(graph: Graph, marks: TreeMarks): SVGSVGElement {
  const rows = new Map<number, GraphNode[]>();
  for (const n of graph.nodes) {
    const row = rows.get(n.depth) ?? [];
    row.push(n);
    rows.set(n.depth, row);
  }
  const widest = Math.max(1, ...[...rows.values()].map((r) => r.length));
  const width = PAD * 2 + widest * W + (widest - 1) * GAP_X;
  const depth = Math.max(0, ...graph.nodes.map((n) => n.depth)) + 1;
  const height = PAD * 2 + depth * H + (depth - 1) * GAP_Y;
  const pos = new Map<string, { x: number; y: number }>();
  for (const [d, row] of rows) {
    const rowWidth = row.length * W + (row.length - 1) * GAP_X;
    const x0 = (width - rowWidth) / 2;
    row.forEach((n, i) => pos.set(n.id, { x: x0 + i * (W + GAP_X), y: PAD + d * (H + GAP_Y) }));
  }

  const visited = new Set(marks.visited);
  // Edges actually taken: consecutive nodes on the path.
  const taken = new Set<string>();
  for (let i = 1; i < marks.visited.length; i++) taken.add(`${marks.visited[i - 1]}→${marks.visited[i]}`);

  const root = svg('svg', {
    id: 'flow-tree',
    class: 'flow-tree',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `The whole flow: ${graph.nodes.length} steps`,
  });
  const defs = svg('defs');
  const marker = svg('marker', { id: 'flow-arrow', viewBox: '0 0 8 8', refX: 7, refY: 4, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M0,0 L8,4 L0,8 z', class: 'arrow-head' }));
  defs.append(marker);
  root.append(defs);

  const edges = svg('g', { class: 'edges' });
  for (const e of graph.edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + W / 2;
    const y1 = a.y + H;
    const x2 = b.x + W / 2;
    let d: string;
    if (b.y > a.y) {
      const y2 = b.y;
      const my = (y1 + y2) / 2;
      d = `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2 - 1}`;
    } else {
      // Back edge (a loop to an earlier step): go around the side.
      const side = Math.max(a.x, b.x) + W + GAP_X / 2;
      d = `M${a.x + W},${a.y + H / 2} C${side},${a.y + H / 2} ${side},${b.y + H / 2} ${b.x + W},${b.y + H / 2}`;
    }
    const path = svg('path', { d, class: taken.has(`${e.from}→${e.to}`) ? 'edge taken' : 'edge', 'marker-end': 'url(#flow-arrow)' });
    path.append(svg('title', {}, e.label));
    edges.append(path);
  }
  root.append(edges);

  const nodes = svg('g', { class: 'nodes' });
  for (const n of graph.nodes) {
    const p = pos.get(n.id);
    if (!p) continue;
    const cls = ['node'];
    if (n.outcome) cls.push(`outcome-${n.outcome}`);
    if (visited.has(n.id)) cls.push('visited');
    if (n.id === marks.current) cls.push('current');
    if (!n.reachable) cls.push('unreachable');
    const g = svg('g', { class: cls.join(' '), transform: `translate(${p.x},${p.y})`, 'data-node': n.id });
    g.append(svg('title', {}, n.outcome ? `${n.title} (${n.outcome})` : n.title));
    g.append(svg('rect', { width: W, height: H, rx: n.outcome ? 18 : 6 }));
    const lines = wrapTitle(n.title);
    lines.forEach((line, i) => {
      const y = H / 2 + (i - (lines.length - 1) / 2) * 13 + 4;
      g.append(svg('text', { x: W / 2, y, 'text-anchor': 'middle' }, line));
    });
    if (marks.onVisitedClick && visited.has(n.id) && n.id !== marks.current) {
      g.classList.add('clickable');
      g.addEventListener('click', () => marks.onVisitedClick?.(n.id));
    }
    nodes.append(g);
  }
  root.append(nodes);
  return root;
}
