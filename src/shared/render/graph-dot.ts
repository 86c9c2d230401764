/**
 * The reference graph as Graphviz DOT, and which parts of it form cycles. Pure: the engine's
 * data goes in, text comes out. Every string from the engine is quoted and escaped, so a label
 * can never become DOT syntax.
 */
import type { GraphData, GraphNode } from '../../../engine/protocol.ts';
import { en } from '../../i18n/en.ts';
import type { RenderText } from '../../i18n/index.ts';
import { formatBytes } from '../format.ts';

export const CYCLE_COLOR = '#c2410c';
export const ROOT_FILL = '#dbeafe';

/** Nodes and edges (by index) that lie on a reference cycle: strongly connected components. */
export function findCycles(data: GraphData): { nodes: Set<string>; edges: Set<number> } {
  const next = new Map<string, string[]>();
  for (const e of data.edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const sizes: number[] = [];
  let counter = 0;
  // Tarjan's algorithm, iterative so that a long chain cannot overflow the call stack.
  for (const start of data.nodes.map((n) => n.id)) {
    if (index.has(start)) continue;
    const work: Array<{ id: string; i: number }> = [{ id: start, i: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const targets = next.get(top.id) ?? [];
      if (top.i < targets.length) {
        const to = targets[top.i++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ id: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(top.id, Math.min(low.get(top.id)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(top.id)!));
      if (low.get(top.id) === index.get(top.id)) {
        const id = sizes.length;
        let size = 0;
        let member: string | undefined;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.set(member, id);
          size++;
        } while (member !== top.id);
        sizes.push(size);
      }
    }
  }
  const nodes = new Set<string>();
  const edges = new Set<number>();
  data.edges.forEach((e, i) => {
    const c = component.get(e.from);
    if (c === undefined || c !== component.get(e.to)) return;
    if (sizes[c]! > 1 || e.from === e.to) {
      edges.add(i);
      nodes.add(e.from).add(e.to);
    }
  });
  return { nodes, edges };
}

function escapeDot(text: string): string {
  // Control characters are exactly what is replaced.
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  // Graphviz decodes HTML entities in labels, so a literal & is written as one.
  return clean.replaceAll('&', '&amp;').replaceAll('\\', '\\\\').replaceAll('"', '\\"');
}

/** A DOT string literal, one line per entry. Backslashes would start Graphviz escapes (\N, \l), so they are doubled. */
export function dotString(...lines: string[]): string {
  return `"${lines.map(escapeDot).join('\\n')}"`;
}

/** The lines inside a node's box: type, short form, size and refcount, and what was left out. */
export function nodeLines(node: GraphNode, text: RenderText = en.render): string[] {
  const lines = [node.type];
  if (node.label && node.label !== node.type) lines.push(node.label);
  const figures = [formatBytes(node.size)];
  if (node.refcount !== null) figures.push(text.nodeRefcount(node.refcount));
  lines.push(figures.join(' · '));
  if (node.omitted > 0) lines.push(text.nodeNotDrawn(node.omitted));
  return lines;
}

export function graphToDot(data: GraphData, text: RenderText = en.render): string {
  const cycles = findCycles(data);
  const out = [
    'digraph heap {',
    '  graph [rankdir=LR, bgcolor="transparent", fontname="Helvetica", nodesep=0.3, ranksep=0.45];',
    '  node [shape=box, style="rounded,filled", fillcolor="#f4f4f5", color="#52525b", fontname="Helvetica", fontsize=10];',
    '  edge [color="#71717a", fontname="Helvetica", fontsize=9, fontcolor="#3f3f46", arrowsize=0.7];',
  ];
  for (const node of data.nodes) {
    const attrs = [`label=${dotString(...nodeLines(node, text))}`];
    if (node.root) attrs.push(`fillcolor="${ROOT_FILL}"`, 'penwidth=2');
    if (cycles.nodes.has(node.id)) attrs.push(`color="${CYCLE_COLOR}"`, 'penwidth=2');
    out.push(`  ${dotString(node.id)} [${attrs.join(', ')}];`);
  }
  data.edges.forEach((edge, i) => {
    const attrs = edge.label ? [`label=${dotString(edge.label)}`] : [];
    if (cycles.edges.has(i)) attrs.push(`color="${CYCLE_COLOR}"`, 'penwidth=1.6');
    out.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  });
  out.push('}');
  return out.join('\n');
}
