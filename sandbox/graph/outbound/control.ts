import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { clearOutbound, listOutbound } from './store.js';

const fail = (status: number, message: string) => Object.assign(new Error(message), { statusCode: status });

/** Control API: read back what the tenant sent (to anyone), and clear the log between tests. */
export function registerOutboundControl(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/control/mail/outbound', async (req) => {
    const q = req.query as { to?: string; from?: string; top?: string };
    const top = q.top === undefined ? 100 : Number(q.top);
    if (!Number.isInteger(top) || top < 1 || top > 1000) throw fail(400, "'top' must be between 1 and 1000");
    // `from` names a sandbox user (id or UPN); an address of no user still filters by sender address.
    const sender = q.from ? (ctx.directory.userById(q.from) ?? ctx.directory.userByEmail(q.from)) : undefined;
    const value = listOutbound(ctx.db, {
      ...(q.to ? { to: q.to } : {}),
      ...(sender ? { senderId: sender.id } : q.from ? { fromAddress: q.from } : {}),
      top,
    });
    return { value };
  });
  app.delete('/control/mail/outbound', async () => ({ cleared: clearOutbound(ctx.db) }));
}
