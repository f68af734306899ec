import { CompiledQuery, type Compilable, type DialectAdapter } from 'kysely';
import type { Trx } from '../contract.js';

const MAX_SHAPES = 64;
const texts = new WeakMap<DialectAdapter, Map<string, string>>();

/**
 * Runs a large multi-row statement, reusing the SQL text of an earlier one of the same shape.
 * Building and compiling a 400-row, 22-column upsert costs Kysely about as much as SQLite takes
 * to run it (every value becomes a frozen node); an initial sync repeats that one shape hundreds
 * of times. `key` names the shape (row count, columns, optional parts; null: no reuse); `params` are the values in the
 * order Kysely binds them. The first time, the statement is compiled normally and its text is kept
 * only if its parameters are exactly `params`, so a wrong order can never reach the database.
 */
export async function runShaped<R>(trx: Trx, key: string | null, params: readonly unknown[], build: () => Compilable<R>): Promise<R[]> {
  if (key === null) return (await trx.executeQuery(build().compile())).rows;
  const adapter = trx.getExecutor().adapter;
  let byKey = texts.get(adapter);
  if (!byKey) texts.set(adapter, (byKey = new Map()));
  const text = byKey.get(key);
  if (text !== undefined) return (await trx.executeQuery<R>(CompiledQuery.raw(text, [...params]) as CompiledQuery<R>)).rows;
  const compiled = build().compile();
  if (compiled.parameters.length === params.length && compiled.parameters.every((p, i) => p === params[i])) {
    if (byKey.size >= MAX_SHAPES) byKey.clear();
    byKey.set(key, compiled.sql);
  }
  return (await trx.executeQuery(compiled)).rows;
}
