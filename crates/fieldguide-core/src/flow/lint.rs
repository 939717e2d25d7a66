//! Structural checks of a parsed [`Flow`]: duplicate ids, dangling targets, unreachable nodes,
//! dead ends, loops with no way to an outcome. Everything is iterative (no recursion), linear in
//! the size of the flow, so a 10,000-node flow is checked in milliseconds.
use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};

use super::Flow;
use crate::error::{Problem, Severity};

/// How many node ids a `flow-cycle-no-exit` message lists before "and N more".
const MAX_LISTED: usize = 8;

/// Checks a flow and returns its problems sorted by line. Codes:
///
/// | code | severity | line |
/// |---|---|---|
/// | `flow-empty` | error | 0 (the flow has no `##` nodes) |
/// | `flow-duplicate-id` | error | the second node using the id |
/// | `flow-dangling-target` | error | the choice pointing nowhere |
/// | `flow-unreachable` | warning | the node no path from the start reaches |
/// | `flow-dead-end` | error | the node with neither choices nor outcome |
/// | `flow-cycle-no-exit` | error | the first node of a loop no outcome can be reached from |
/// | `flow-no-outcome` | error | the start node (no node has an outcome) |
/// | `flow-outcome-with-choices` | warning | the outcome node whose choices are never offered |
pub fn lint(flow: &Flow) -> Vec<Problem> {
    let path = flow.path.as_str();
    let mut out = Vec::new();
    let problem =
        |line, severity, code, message: String| Problem::new(path, line, severity, code, message);
    if flow.nodes.is_empty() {
        out.push(problem(
            0,
            Severity::Error,
            "flow-empty",
            "the flow has no nodes: start each step with a `## Heading {#id}` line".into(),
        ));
        return out;
    }
    let n = flow.nodes.len();

    // Ids → first node using them; later ones are reported and never targeted.
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(n);
    let mut first = vec![true; n];
    for (i, node) in flow.nodes.iter().enumerate() {
        match index.entry(node.id.as_str()) {
            Entry::Occupied(e) => {
                first[i] = false;
                let other = &flow.nodes[*e.get()];
                out.push(problem(
                    node.line,
                    Severity::Error,
                    "flow-duplicate-id",
                    format!(
                        "node id `{}` is already used by \"{}\" at line {}; give one of them another `{{#id}}`",
                        node.id, other.title, other.line
                    ),
                ));
            }
            Entry::Vacant(e) => {
                e.insert(i);
            }
        }
    }

    // Edges: the choices a session can take (an outcome node ends the flow, so its choices
    // are never offered).
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, node) in flow.nodes.iter().enumerate() {
        for c in &node.choices {
            match index.get(c.target.as_str()) {
                Some(&j) if node.outcome.is_none() => succ[i].push(j),
                Some(_) => {}
                None => out.push(problem(
                    c.line,
                    Severity::Error,
                    "flow-dangling-target",
                    format!(
                        "choice \"{}\" leads to `#{}`, which is not a node of this flow",
                        c.label, c.target
                    ),
                )),
            }
        }
        if node.outcome.is_some() && !node.choices.is_empty() {
            out.push(problem(
                node.line,
                Severity::Warning,
                "flow-outcome-with-choices",
                format!(
                    "node `{}` ends the flow (outcome: {}), so its {} choice(s) are never offered",
                    node.id,
                    node.outcome.map(|o| o.as_str()).unwrap_or_default(),
                    node.choices.len()
                ),
            ));
        }
        if node.outcome.is_none() && node.choices.is_empty() {
            out.push(problem(
                node.line,
                Severity::Error,
                "flow-dead-end",
                format!(
                    "node `{}` has no choices and no outcome: add `- [label](#node-id)` items or `> outcome: resolved`",
                    node.id
                ),
            ));
        }
    }

    let start = index.get(flow.start.as_str()).copied().unwrap_or(0);
    if !flow.nodes.iter().any(|n| n.outcome.is_some()) {
        out.push(problem(
            flow.nodes[start].line,
            Severity::Error,
            "flow-no-outcome",
            "no node ends the flow: add `> outcome: resolved` or `> outcome: escalate` to the final nodes".into(),
        ));
    }

    // Reachable from the start.
    let reached = bfs(start, &succ);
    for (i, node) in flow.nodes.iter().enumerate() {
        if first[i] && !reached[i] {
            out.push(problem(
                node.line,
                Severity::Warning,
                "flow-unreachable",
                format!(
                    "node `{}` cannot be reached from the start node `{}`",
                    node.id, flow.start
                ),
            ));
        }
    }

    // Nodes that can reach an outcome: walk the edges backwards from every outcome node.
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, s) in succ.iter().enumerate() {
        for &j in s {
            pred[j].push(i);
        }
    }
    let mut finishes = vec![false; n];
    let mut queue: VecDeque<usize> = VecDeque::new();
    for (i, node) in flow.nodes.iter().enumerate() {
        if node.outcome.is_some() {
            finishes[i] = true;
            queue.push_back(i);
        }
    }
    while let Some(v) = queue.pop_front() {
        for &u in &pred[v] {
            if !finishes[u] {
                finishes[u] = true;
                queue.push_back(u);
            }
        }
    }

    // Reachable nodes that cannot finish all drain into a dead end, a dangling choice or a
    // closed loop. Dead ends and dangling choices are reported above; report each closed loop.
    let trapped: Vec<bool> = (0..n).map(|i| reached[i] && !finishes[i]).collect();
    if trapped.iter().any(|&t| t) {
        let comps = strongly_connected(&succ, &trapped);
        let mut comp_of = vec![usize::MAX; n];
        for (c, comp) in comps.iter().enumerate() {
            for &v in comp {
                comp_of[v] = c;
            }
        }
        for (c, comp) in comps.into_iter().enumerate() {
            let cyclic = comp.len() > 1 || succ[comp[0]].contains(&comp[0]);
            let closed = comp
                .iter()
                .all(|&v| succ[v].iter().all(|&w| comp_of[w] == c));
            if !(cyclic && closed) {
                continue;
            }
            let mut members = comp;
            members.sort_unstable();
            let mut ids: Vec<String> = members
                .iter()
                .take(MAX_LISTED)
                .map(|&i| format!("`{}`", flow.nodes[i].id))
                .collect();
            if members.len() > MAX_LISTED {
                ids.push(format!("and {} more", members.len() - MAX_LISTED));
            }
            out.push(problem(
                flow.nodes[members[0]].line,
                Severity::Error,
                "flow-cycle-no-exit",
                format!(
                    "these nodes only lead to each other, so no outcome can be reached from them: {}",
                    ids.join(", ")
                ),
            ));
        }
    }

    out.sort_by_key(|p| p.line);
    out
}

/// Breadth-first reachability from `start`.
fn bfs(start: usize, succ: &[Vec<usize>]) -> Vec<bool> {
    let mut seen = vec![false; succ.len()];
    for (v, _) in bfs_layers(start, succ) {
        seen[v] = true;
    }
    seen
}

/// The nodes reachable from `start` in breadth-first order, each with its depth.
pub(super) fn bfs_layers(start: usize, succ: &[Vec<usize>]) -> Vec<(usize, usize)> {
    let mut seen = vec![false; succ.len()];
    let mut order = vec![(start, 0)];
    seen[start] = true;
    let mut next = 0;
    while let Some(&(v, depth)) = order.get(next) {
        next += 1;
        for &w in &succ[v] {
            if !seen[w] {
                seen[w] = true;
                order.push((w, depth + 1));
            }
        }
    }
    order
}

/// Strongly connected components of the subgraph of nodes where `keep` is true (Tarjan's
/// algorithm with an explicit call stack).
fn strongly_connected(succ: &[Vec<usize>], keep: &[bool]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = succ.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comps = Vec::new();
    let mut counter = 0;
    let mut calls: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if !keep[root] || order[root] != UNSEEN {
            continue;
        }
        order[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        calls.push((root, 0));
        while let Some(&(v, edge)) = calls.last() {
            if let Some(&w) = succ[v].get(edge) {
                if let Some(top) = calls.last_mut() {
                    top.1 += 1;
                }
                if !keep[w] {
                    continue;
                }
                if order[w] == UNSEEN {
                    order[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                low[u] = low[u].min(low[v]);
            }
            if low[v] == order[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                comps.push(comp);
            }
        }
    }
    comps
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::lint;
    use crate::flow::Flow;

    fn codes(src: &str) -> Vec<(String, usize)> {
        let (flow, _) = Flow::parse("flows/t.md", src);
        lint(&flow).into_iter().map(|p| (p.code, p.line)).collect()
    }

    fn has(src: &str, code: &str, line: usize) {
        let got = codes(src);
        assert!(
            got.contains(&(code.to_string(), line)),
            "expected {code} at {line}, got {got:?}"
        );
    }

    #[test]
    fn good_fixture_is_clean() {
        let src = include_str!("../../../../tests/fixtures/flows/good/vpn-cannot-reach.md");
        assert_eq!(codes(src), []);
    }

    /// Each file under `tests/fixtures/flows/broken/` names the code it must produce and the
    /// line in its front matter (`expect`, `expect_line`).
    #[test]
    fn broken_fixtures_report_their_code_and_line() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/flows/broken"
        );
        let mut seen = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let src = std::fs::read_to_string(&path).unwrap();
            let (article, _) = crate::markdown::parse_article("flows/broken.md", src);
            let code = article.meta.get_str("expect").unwrap();
            let line: usize = article.meta.extra["expect_line"].as_u64().unwrap() as usize;
            let (flow, _) = Flow::from_article(&article);
            let problems = lint(&flow);
            assert!(
                problems
                    .iter()
                    .any(|p| p.code == code && p.line == line && p.path == "flows/broken.md"),
                "{}: expected {code} at line {line}, got {problems:?}",
                path.display()
            );
            seen.push(code);
        }
        seen.sort();
        assert_eq!(
            seen,
            [
                "flow-cycle-no-exit",
                "flow-dangling-target",
                "flow-dead-end",
                "flow-duplicate-id",
                "flow-empty",
                "flow-no-outcome",
                "flow-unreachable"
            ]
        );
    }

    #[test]
    fn each_code_with_its_line() {
        has("intro only\n", "flow-empty", 0);
        has("## A {#start}\n- [x](#b)\n## B {#b}\n> outcome: resolved\n## B again {#b}\n> outcome: resolved\n", "flow-duplicate-id", 5);
        has(
            "## A {#start}\n- [ok](#b)\n- [nope](#missing)\n## B {#b}\n> outcome: resolved\n",
            "flow-dangling-target",
            3,
        );
        has("## A {#start}\n- [ok](#b)\n## B {#b}\n> outcome: resolved\n## C {#c}\n> outcome: resolved\n", "flow-unreachable", 5);
        has("## A {#start}\n- [ok](#b)\n- [stuck](#c)\n## B {#b}\n> outcome: resolved\n## C {#c}\nnothing here\n", "flow-dead-end", 6);
        has(
            "## A {#start}\n- [loop](#b)\n## B {#b}\n- [again](#start)\n",
            "flow-no-outcome",
            1,
        );
        has("## A {#start}\n- [ok](#done)\n## B {#b}\n> outcome: resolved\n- [never](#start)\n## Done {#done}\n> outcome: resolved\n", "flow-outcome-with-choices", 3);
    }

    #[test]
    fn cycles_without_exit_are_reported_once_per_closed_loop() {
        // start → a ⇄ b (closed), start → c → c (self loop, closed), start → d ⇄ e → done (fine).
        let src = "## S {#start}\n- [a](#a)\n- [c](#c)\n- [d](#d)\n\
            ## A {#a}\n- [b](#b)\n## B {#b}\n- [a](#a)\n\
            ## C {#c}\n- [c](#c)\n\
            ## D {#d}\n- [e](#e)\n## E {#e}\n- [d](#d)\n- [done](#done)\n\
            ## Done {#done}\n> outcome: resolved\n";
        let got = codes(src);
        let cycles: Vec<_> = got
            .iter()
            .filter(|(c, _)| c == "flow-cycle-no-exit")
            .map(|(_, l)| *l)
            .collect();
        assert_eq!(cycles, [5, 9], "{got:?}");
        // A loop draining into a dead end is reported as the dead end only.
        let src = "## S {#start}\n- [a](#a)\n## A {#a}\n- [b](#b)\n- [x](#x)\n## B {#b}\n- [a](#a)\n## X {#x}\nstuck\n## Done {#done}\n> outcome: resolved\n";
        let got = codes(src);
        assert!(
            !got.iter().any(|(c, _)| c == "flow-cycle-no-exit"),
            "{got:?}"
        );
        assert!(got.contains(&("flow-dead-end".into(), 8)), "{got:?}");
    }

    #[test]
    fn ten_thousand_nodes_in_well_under_a_second() {
        // A 10,000-deep chain with back edges, a closed loop at the bottom of a side branch and
        // an outcome at the end: deep enough to overflow any recursive walk.
        let n = 10_000;
        let mut src = String::from("---\ntitle: Big\nkind: flow\n---\n");
        for i in 0..n {
            src.push_str(&format!("## Step {i} {{#n{i}}}\n"));
            if i + 1 < n {
                src.push_str(&format!("- [next](#n{})\n", i + 1));
                if i > 0 {
                    src.push_str(&format!("- [back](#n{})\n", i - 1));
                }
            } else {
                src.push_str("> outcome: resolved\n");
            }
            src.push('\n');
        }
        let t = Instant::now();
        let (flow, problems) = Flow::parse("flows/big.md", &src);
        let parse_time = t.elapsed();
        assert!(problems.is_empty());
        assert_eq!(flow.nodes.len(), n);
        let t = Instant::now();
        let found = lint(&flow);
        let graph = flow.graph();
        let lint_time = t.elapsed();
        assert_eq!(found, []);
        assert_eq!(graph.nodes.last().unwrap().depth, n - 1);
        assert!(
            lint_time < Duration::from_millis(500),
            "lint + graph took {lint_time:?}"
        );
        assert!(
            parse_time < Duration::from_secs(2),
            "parse took {parse_time:?}"
        );

        // The same chain with no outcome: one big closed loop, still iterative.
        let src = src.replace("> outcome: resolved\n", &format!("- [back](#n{})\n", n - 2));
        let (flow, _) = Flow::parse("flows/big.md", &src);
        let t = Instant::now();
        let found = lint(&flow);
        assert!(t.elapsed() < Duration::from_millis(500));
        let cycles: Vec<_> = found
            .iter()
            .filter(|p| p.code == "flow-cycle-no-exit")
            .collect();
        assert_eq!(cycles.len(), 1);
        assert!(
            cycles[0].message.contains("and 9992 more"),
            "{}",
            cycles[0].message
        );
    }
}
