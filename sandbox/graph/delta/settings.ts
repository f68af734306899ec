import type { SandboxContext } from '../../core/context.js';
import type { ReplaySettings } from '../state.js';

export type EvictCode = 'syncStateNotFound' | 'resyncRequired';

/**
 * How each resource keeps its delta epoch. Mail keeps its own (in its mailbox row, from before
 * the engine); other resources use the engine's table. Resources register at module load.
 */
export interface EpochKeeper {
  read(ctx: SandboxContext, userId: string): { epoch: number; evictCode: string | null };
  evict(ctx: SandboxContext, userId: string, code: EvictCode): void;
}

const keepers = new Map<string, EpochKeeper>();
const replays = new WeakMap<SandboxContext, Map<string, ReplaySettings>>();

/** The engine's own epoch table, for every resource that has no older home for it. */
export const tableEpochs = (resource: string): EpochKeeper => ({
  read(ctx, userId) {
    const row = ctx.db.prepare('SELECT epoch, evict_code FROM gd_epoch WHERE resource = ? AND user_id = ?').get(resource, userId) as
      { epoch: number; evict_code: string | null } | undefined;
    return { epoch: row?.epoch ?? 0, evictCode: row?.evict_code ?? null };
  },
  evict(ctx, userId, code) {
    ctx.db.prepare(`INSERT INTO gd_epoch (resource, user_id, epoch, evict_code) VALUES (?, ?, 1, ?)
      ON CONFLICT (resource, user_id) DO UPDATE SET epoch = epoch + 1, evict_code = excluded.evict_code`).run(resource, userId, code);
  },
});

export function registerEpochKeeper(resource: string, keeper: EpochKeeper): void {
  keepers.set(resource, keeper);
}

export function epochKeeper(resource: string): EpochKeeper | undefined {
  return keepers.get(resource);
}

export const deltaResources = (): string[] => [...keepers.keys()];

/**
 * Replay and empty-page faults per resource. Like Exchange, pages may repeat items by default
 * (probability 0.05); tests that count items switch this off through the control API.
 */
export function replaySettings(ctx: SandboxContext, resource: string, fallback?: ReplaySettings): ReplaySettings {
  let m = replays.get(ctx);
  if (!m) replays.set(ctx, (m = new Map()));
  let s = m.get(resource);
  if (!s) m.set(resource, (s = fallback ?? { mode: 'random', probability: 0.05, emptyPages: false }));
  return s;
}
