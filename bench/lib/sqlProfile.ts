/**
 * Diagnostic, not a benchmark: times every SQLite statement by its text and prints the 15 costliest
 * at exit. Usage: node --import tsx --import ./bench/lib/sqlProfile.ts bench/initialSync.ts
 */
import Database from 'better-sqlite3';
const stmt = new Database(':memory:').prepare('select 1');
const proto = Object.getPrototypeOf(stmt);
const times = new Map<string, { n: number; ms: number }>();
for (const m of ['all', 'run', 'get']) {
  const orig = proto[m];
  proto[m] = function (this: { source: string }, ...args: unknown[]) {
    const t = performance.now();
    try { return orig.apply(this, args); } finally {
      const k = this.source.replace(/\?(, \?)+/g, '?,..').replace(/\(\?,\.\.\)(, \(\?,\.\.\))+/g, '(...)...').slice(0, 160);
      const e = times.get(k) ?? { n: 0, ms: 0 }; e.n++; e.ms += performance.now() - t; times.set(k, e);
    }
  };
}
process.on('exit', () => {
  for (const [k, v] of [...times].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) console.log(v.ms.toFixed(0).padStart(7), 'ms', String(v.n).padStart(6), k);
});
