import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../core/context.js';
import { GraphError } from './http/errors.js';
import { graphRoute } from './http/route.js';

/**
 * The sandbox's users have no profile photo, and Graph answers a user without one with 404
 * ImageNotFound (the exception text is what Exchange really sends), never an empty image.
 */
const noPhoto = (): never => {
  throw new GraphError(404, 'ImageNotFound', "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.");
};

export function registerPhotoRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  for (const path of ['/photo', '/photo/$value', '/photos', '/photos/:size', '/photos/:size/$value']) {
    graphRoute(app, ctx, { method: 'GET', path, permissions: ['User.Read'], handler: noPhoto });
  }
}
