import type { User } from '@microsoft/microsoft-graph-types';
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core/context.js';
import type { DirectoryUser } from '../core/directory.js';
import { graphBase, graphRoute } from './http/route.js';

export function userJson(u: DirectoryUser): User {
  const [givenName = u.displayName, ...rest] = u.displayName.split(' ');
  return {
    id: u.id,
    displayName: u.displayName,
    givenName,
    surname: rest.join(' ') || null,
    mail: u.mail,
    userPrincipalName: u.userPrincipalName,
    businessPhones: [],
    jobTitle: null,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-US',
  };
}

export function registerMeRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  graphRoute(app, ctx, {
    method: 'GET', path: '', permissions: ['User.Read'],
    handler: (c) => ({
      '@odata.context': `${graphBase(c.ctx, c.req)}/v1.0/$metadata#users/$entity`,
      ...userJson(c.ctx.directory.userById(c.userId)!),
    }),
  });
}
