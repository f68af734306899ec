/**
 * The layers of DESIGN.md, checked on the source: imports point down (http → app → microsoft →
 * crm → infrastructure) and no module imports itself back through others. eslint.config.js says
 * the same per directory for the editor; this test also catches cycles, which a per-file rule cannot.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const SRC = resolve(import.meta.dirname, '../../src');
const LAYERS = ['http', 'app', 'microsoft', 'crm', 'infra'] as const;
const layerOf = (file: string): number => {
  const top = relative(SRC, file).split('/')[0]!;
  const i = LAYERS.indexOf(top as (typeof LAYERS)[number]);
  return i < 0 ? LAYERS.indexOf('infra') : i;
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

/** Relative imports of a file (type-only ones too: a cycle of types is still a tangle). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'/g)) out.push(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  return out;
}

const files = sources(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => t.startsWith(SRC))]));

test('imports point down the layers', () => {
  const wrong: string[] = [];
  for (const [from, tos] of graph) {
    for (const to of tos) if (layerOf(to) < layerOf(from)) wrong.push(`${relative(SRC, from)} → ${relative(SRC, to)}`);
  }
  assert.deepEqual(wrong, []);
});

test('no import cycles', () => {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (f: string, path: string[]) => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'open') {
      cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(SRC, p)).join(' → '));
      return;
    }
    state.set(f, 'open');
    for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
    state.set(f, 'done');
  };
  for (const f of files) visit(f, []);
  assert.deepEqual(cycles, []);
});
