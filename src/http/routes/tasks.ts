import type { FastifyInstance } from 'fastify';
import { createTask, deleteTask, getTask, listTasks, updateTask, type TaskInput, type TaskStatus } from '../../crm/tasks.js';
import { principalOf } from '../auth.js';
import { publishAfterCommit, type RouteContext } from '../context.js';
import { idParams, idString, nullableId, pageOf, pageQueryProps, parseLimit, taskSchema, withErrors } from '../schemas.js';

const taskFields = {
  title: { type: 'string', minLength: 1, maxLength: 500 },
  dueDate: { type: ['string', 'null'], format: 'date' },
  status: { type: 'string', enum: ['open', 'done'] },
  assigneeId: nullableId,
  personId: nullableId,
  companyId: nullableId,
  notes: { type: ['string', 'null'], maxLength: 20_000 },
  importance: { type: 'string', enum: ['low', 'normal', 'high'] },
  syncToDo: {
    type: 'boolean',
    description: 'Sync with your Microsoft To Do (needs the To Do feature connected). On: the task is created in your "Tandem" list; off: that copy is deleted from To Do.',
  },
} as const;

export function taskRoutes(ctx: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: { status?: TaskStatus; assigneeId?: string; personId?: string; companyId?: string; limit?: string; cursor?: string } }>(
      '/api/tasks',
      {
        schema: {
          tags: ['tasks'],
          querystring: {
            type: 'object',
            properties: { status: { type: 'string', enum: ['open', 'done'] }, assigneeId: idString, personId: idString, companyId: idString, ...pageQueryProps },
            additionalProperties: false,
          },
          response: withErrors({ 200: pageOf(taskSchema) }),
        },
      },
      async (request) => {
        const { limit, ...filter } = request.query;
        return listTasks(ctx.db, principalOf(request).workspaceId, { ...filter, limit: parseLimit(limit) });
      },
    );

    app.post<{ Body: TaskInput & { title: string } }>(
      '/api/tasks',
      {
        schema: {
          tags: ['tasks'],
          body: { type: 'object', properties: taskFields, required: ['title'], additionalProperties: false },
          response: withErrors({ 201: taskSchema }),
        },
      },
      async (request, reply) => {
        const ws = principalOf(request).workspaceId;
        const task = await createTask(ctx.db, ws, request.body, principalOf(request).userId);
        await publishAfterCommit(ctx, 'task.created', ws, task);
        return reply.status(201).send(task);
      },
    );

    app.get<{ Params: { id: string } }>('/api/tasks/:id', { schema: { tags: ['tasks'], params: idParams, response: withErrors({ 200: taskSchema }) } }, async (request) =>
      getTask(ctx.db, principalOf(request).workspaceId, request.params.id),
    );

    app.patch<{ Params: { id: string }; Body: TaskInput }>(
      '/api/tasks/:id',
      {
        schema: {
          tags: ['tasks'],
          params: idParams,
          body: { type: 'object', properties: taskFields, additionalProperties: false },
          response: withErrors({ 200: taskSchema }),
        },
      },
      async (request) => {
        const ws = principalOf(request).workspaceId;
        const task = await updateTask(ctx.db, ws, request.params.id, request.body, principalOf(request).userId);
        await publishAfterCommit(ctx, 'task.updated', ws, task);
        return task;
      },
    );

    app.delete<{ Params: { id: string } }>('/api/tasks/:id', { schema: { tags: ['tasks'], params: idParams, response: withErrors({ 204: { type: 'null' } }) } }, async (request, reply) => {
      const ws = principalOf(request).workspaceId;
      await deleteTask(ctx.db, ws, request.params.id, principalOf(request).userId);
      await publishAfterCommit(ctx, 'task.deleted', ws, { id: request.params.id });
      return reply.status(204).send();
    });
  };
}
