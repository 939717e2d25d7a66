//! A flow as a graph for drawing: a layered layout (BFS depth from the start, columns in
//! discovery order, unreachable nodes in one last layer) for the UI's SVG, and Mermaid text
//! for docs and export.
use std::collections::HashMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::{lint::bfs_layers, Flow, Outcome};

/// Nodes placed on a grid and the edges between them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Graph {
    /// Reachable nodes layer by layer, then the unreachable ones.
    pub nodes: Vec<GraphNode>,
    /// One edge per choice a session can take (dangling choices are left out).
    pub edges: Vec<GraphEdge>,
}

/// A node placed on the grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
