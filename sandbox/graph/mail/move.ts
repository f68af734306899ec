import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../core/context.js';
import { GraphError, badRequest } from '../http/errors.js';
import { graphRoute, type GraphCall } from '../http/route.js';
import { folderByKey } from './mailbox.js';
import { messageOr404, view } from './messages.js';
import { messageJson } from './serialize.js';
import { copyMessage, moveMessage } from './store.js';

function destination(call: GraphCall) {
  const dest = call.body.destinationId;
  if (typeof dest !== 'string' || !dest) throw badRequest("Missing property 'destinationId'.", 'ErrorInvalidRequest');
  const folder = folderByKey(call.ctx.db, call.userId, dest);
  if (!folder) throw new GraphError(404, 'ErrorItemNotFound', 'The specified folder could not be found in the store.');
  return folder;
}

/** move and copy answer 201 with the message as it now is: a new id unless immutable ids were asked for. */
export function registerMoveRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  graphRoute(app, ctx, {
    method: 'POST', path: '/messages/:messageId/move', permissions: ['Mail.ReadWrite'],
    handler: (call) => {
      const moved = moveMessage(call.ctx, messageOr404(call), destination(call));
      call.reply.code(201);
      return messageJson(call.ctx.db, moved.pk, view(call));
    },
  });
  graphRoute(app, ctx, {
    method: 'POST', path: '/messages/:messageId/copy', permissions: ['Mail.ReadWrite'],
    handler: (call) => {
      const copy = copyMessage(call.ctx, messageOr404(call), destination(call));
      call.reply.code(201);
      return messageJson(call.ctx.db, copy.pk, view(call));
    },
  });
}
