import type {} from '@fastify/swagger';
import type { Config } from '../config/env.js';
import type { Db } from '../db/database.js';
import type { LiveEvents } from '../events/liveEvents.js';
import type { Logger } from '../lib/log.js';

/** What every route module needs; built once by buildServer. */
export interface RouteContext {
  config: Config;
  db: Db;
  live: LiveEvents;
  log: Logger;
}

/**
 * Publishes after the write committed. A failed publish only costs a live refresh, so it is
 * logged rather than turned into a failed request for a write that did happen.
 */
export async function publishAfterCommit(ctx: RouteContext, type: string, workspaceId: string, data: unknown): Promise<void> {
  try {
    await ctx.live.publish({ type, workspaceId, data });
  } catch (err) {
    ctx.log.warn({ err, type }, 'live event publish failed');
  }
}
