import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { deltaResources, epochKeeper, replaySettings, type EvictCode } from './settings.js';

type Body = Record<string, unknown>;
const fail = (status: number, message: string) => Object.assign(new Error(message), { statusCode: status });

/**
 * Delta faults for any resource (`mail`, `calendar`, ...): eviction (410) and replays/empty
 * pages. `/control/mail/delta/*` remain as mail's older names for the same knobs.
 */
export function registerDeltaControl(app: FastifyInstance, ctx: SandboxContext, userOf: (key: unknown) => string): void {
  const resourceOf = (b: Body): string => {
    const r = String(b.resource ?? '');
    if (!epochKeeper(r)) throw fail(400, `'resource' must be one of ${deltaResources().join(', ')}`);
    return r;
  };
  app.post('/control/delta/evict', async (req) => {
    const b = (req.body ?? {}) as Body;
    const resource = resourceOf(b);
    const userId = userOf(b.mailbox ?? b.user);
    const code = (b.code ?? 'syncStateNotFound') as EvictCode;
    if (code !== 'syncStateNotFound' && code !== 'resyncRequired') throw fail(400, "'code' must be syncStateNotFound or resyncRequired");
    epochKeeper(resource)!.evict(ctx, userId, code);
    return { resource, mailbox: userId, code };
  });
  app.put('/control/delta/replays', async (req) => {
    const b = (req.body ?? {}) as Body;
    return setReplays(ctx, resourceOf(b), b);
  });
}

export function setReplays(ctx: SandboxContext, resource: string, b: Body) {
  if (b.mode !== undefined && b.mode !== 'off' && b.mode !== 'random' && b.mode !== 'always') throw fail(400, "'mode' must be off, random or always");
  const s = replaySettings(ctx, resource);
  if (b.mode !== undefined) s.mode = b.mode as 'off';
  if (b.probability !== undefined) s.probability = Math.min(1, Math.max(0, Number(b.probability)));
  if (b.emptyPages !== undefined) s.emptyPages = b.emptyPages === true;
  return { resource, ...s };
}
