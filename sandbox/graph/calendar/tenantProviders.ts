import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { setProviders } from './calendars.js';
import { parseProviders, setTenantDefaults } from './providers.js';

const fail = (status: number, message: string) => Object.assign(new Error(message), { statusCode: status });

/**
 * A tenant-wide Teams policy (`{tenant}` is a tenant id): every user's calendars now, and the
 * calendars of users who first appear later, allow these providers.
 */
export function registerTenantProvidersControl(app: FastifyInstance, ctx: SandboxContext): void {
  app.put('/control/calendar/tenants/:tenant/online-meeting-providers', async (req) => {
    const tenantId = (req.params as { tenant: string }).tenant;
    const { allowed, def } = parseProviders((req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>);
    const users = ctx.directory.usersInTenant(tenantId);
    if (!users.length) throw fail(404, `no such tenant (or it has no users): ${tenantId}`);
    setTenantDefaults(ctx.db, tenantId, allowed, def);
    for (const u of users) setProviders(ctx, u.id, allowed, def);
    return { tenant: tenantId, users: users.length, allowedOnlineMeetingProviders: allowed, defaultOnlineMeetingProvider: def };
  });
}
