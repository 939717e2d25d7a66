//! A flow as a graph for drawing: a layered layout (BFS depth from the start, columns in
//! discovery order, unreachable nodes in one last layer) for the UI's SVG, and Mermaid text
//! for docs and export.
use std::collections::HashMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{lint::bfs_layers, Flow, Outcome};

/// Nodes placed on a grid and the edges between them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Graph {
    /// Reachable nodes layer by layer, then the unreachable ones.
    pub nodes: Vec<GraphNode>,
    /// One edge per choice a session can take (dangling choices are left out).
    pub edges: Vec<GraphEdge>,
}

/// A node placed on the grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GraphNode {
    /// Node id.
    pub id: String,
    /// Node title.
    pub title: String,
    /// 1-based line of the heading (for "open in editor").
    pub line: usize,
    /// Layer: steps from the start (BFS); unreachable nodes share the layer after the last.
    pub depth: usize,
    /// Position within the layer, from 0.
    pub column: usize,
    /// Set on outcome nodes.
    pub outcome: Option<Outcome>,
    /// False for nodes no path from the start reaches.
    pub reachable: bool,
}

/// A choice drawn as an arrow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GraphEdge {
    /// Id of the node the choice is at.
    pub from: String,
    /// Id of the node it leads to.
    pub to: String,
    /// The choice's label.
    pub label: String,
}

impl Flow {
    /// The flow as a layered graph. Nodes with a duplicate id (after the first) are left out.
    pub fn graph(&self) -> Graph {
        let n = self.nodes.len();
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(n);
        for (i, node) in self.nodes.iter().enumerate() {
            index.entry(node.id.as_str()).or_insert(i);
        }
        let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut edges = Vec::new();
        for (i, node) in self.nodes.iter().enumerate() {
            if index.get(node.id.as_str()) != Some(&i) || node.outcome.is_some() {
                continue;
            }
            for c in &node.choices {
                if let Some(&j) = index.get(c.target.as_str()) {
                    succ[i].push(j);
                    edges.push(GraphEdge {
                        from: node.id.clone(),
                        to: c.target.clone(),
                        label: c.label.clone(),
                    });
                }
            }
        }
        let mut nodes = Vec::with_capacity(n);
        let mut columns: Vec<usize> = Vec::new();
        let mut place = |i: usize, depth: usize, reachable: bool, nodes: &mut Vec<GraphNode>| {
            if columns.len() <= depth {
                columns.resize(depth + 1, 0);
            }
            let node = &self.nodes[i];
            nodes.push(GraphNode {
                id: node.id.clone(),
                title: node.title.clone(),
                line: node.line,
                depth,
                column: columns[depth],
                outcome: node.outcome,
                reachable,
            });
            columns[depth] += 1;
        };
        let mut reached = vec![false; n];
        let mut max_depth = 0;
        if let Some(&start) = index.get(self.start.as_str()) {
            for (i, depth) in bfs_layers(start, &succ) {
                reached[i] = true;
                max_depth = max_depth.max(depth);
                place(i, depth, true, &mut nodes);
            }
        }
        let last = if nodes.is_empty() { 0 } else { max_depth + 1 };
        for (i, node) in self.nodes.iter().enumerate() {
            if !reached[i] && index.get(node.id.as_str()) == Some(&i) {
                place(i, last, false, &mut nodes);
            }
        }
        Graph { nodes, edges }
    }

    /// The flow as a Mermaid `flowchart TD`: outcome nodes are rounded (resolved) or hexagons
    /// (escalate), edges carry the choice labels. Node ids are `n0`, `n1`, … so any heading
    /// works; labels are quoted and escaped.
    pub fn to_mermaid(&self) -> String {
        let graph = self.graph();
        let ids: HashMap<&str, String> = graph
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), format!("n{i}")))
            .collect();
        let mut out = String::from("flowchart TD\n");
        let mut resolved = Vec::new();
        let mut escalate = Vec::new();
        for (i, node) in graph.nodes.iter().enumerate() {
            let label = mermaid_label(&node.title);
            let _ = match node.outcome {
                None => writeln!(out, "    n{i}[\"{label}\"]"),
                Some(Outcome::Resolved) => {
                    resolved.push(format!("n{i}"));
                    writeln!(out, "    n{i}([\"{label}\"])")
                }
                Some(Outcome::Escalate) => {
                    escalate.push(format!("n{i}"));
                    writeln!(out, "    n{i}{{{{\"{label}\"}}}}")
                }
            };
        }
        for edge in &graph.edges {
            if let (Some(from), Some(to)) = (ids.get(edge.from.as_str()), ids.get(edge.to.as_str()))
            {
                let _ = writeln!(
                    out,
                    "    {from} -->|\"{}\"| {to}",
                    mermaid_label(&edge.label)
                );
            }
        }
        if !resolved.is_empty() {
            out.push_str("    classDef resolved fill:#dcfce7,stroke:#15803d\n");
            let _ = writeln!(out, "    class {} resolved", resolved.join(","));
        }
        if !escalate.is_empty() {
            out.push_str("    classDef escalate fill:#fee2e2,stroke:#b91c1c\n");
            let _ = writeln!(out, "    class {} escalate", escalate.join(","));
        }
        out
    }
}

/// Text safe inside a quoted Mermaid label: quotes, entity starts, brackets and pipes become
/// Mermaid entity codes; line breaks become spaces.
fn mermaid_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::flow::Flow;

    const GOOD: &str = include_str!("../../../../tests/fixtures/flows/good/vpn-cannot-reach.md");

    #[test]
    fn layered_layout_with_unreachable_nodes_last() {
        let src = format!("{GOOD}\n## Old step {{#old}}\n- [x](#done)\n");
        let graph = Flow::parse("flows/vpn.md", &src).0.graph();
        let placed: Vec<_> = graph
            .nodes
            .iter()
            .map(|n| (n.id.as_str(), n.depth, n.column))
            .collect();
        assert_eq!(
            placed,
            [
                ("start", 0, 0),
                ("vpn-client", 1, 0),
                ("no-network", 1, 1),
                ("renew-cert", 2, 0),
                ("escalate", 2, 1),
                ("done", 2, 2),
                ("old", 3, 0),
            ]
        );
        assert!(!graph.nodes[6].reachable);
        assert_eq!(graph.edges.len(), 8);
        assert_eq!(graph.edges[0].label, "Yes, pages load");
    }

    #[test]
    fn mermaid_escapes_labels() {
        let flow = Flow::parse("flows/vpn.md", GOOD).0;
        let m = flow.to_mermaid();
        assert!(
            m.starts_with("flowchart TD\n    n0[\"Is the laptop online?\"]\n"),
            "{m}"
        );
        assert!(
            m.contains("n1 -->|\"Client shows #quot;certificate expired#quot;\"| n3"),
            "{m}"
        );
        assert!(m.contains("n4{{\"Escalate to the network team\"}}"), "{m}");
        assert!(m.contains("n3([\"Renew the machine certificate\"])"), "{m}");
        assert!(m.contains("class n3,n5 resolved"), "{m}");
        let odd = Flow::parse(
            "f.md",
            "## A < b & c | \"c\" #1 {#start}\n> outcome: resolved\n",
        )
        .0;
        assert!(
            odd.to_mermaid()
                .contains("n0([\"A #lt; b #amp; c #124; #quot;c#quot; #35;1\"])"),
            "{}",
            odd.to_mermaid()
        );
    }
}
