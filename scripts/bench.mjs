#!/usr/bin/env node
// Runs every benchmark under bench/ (or those whose name contains an argument), one process each.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const filters = process.argv.slice(2);
const all = readdirSync('bench').filter((f) => f.endsWith('.ts') && f !== 'env.ts').sort();
const chosen = filters.length ? all.filter((f) => filters.some((p) => f.includes(p))) : all;
if (!chosen.length) {
  console.error(`no benchmark matched; available: ${all.join(', ')}`);
  process.exit(1);
}
let failed = 0;
for (const file of chosen) {
  console.log(`\n== ${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
