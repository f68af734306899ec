import type { TodoTask } from '@microsoft/microsoft-graph-types';
import type { SyncedTaskPatch } from '../../../crm/taskSync.js';
import { dueDay } from './zone.js';

/** The applicationName of the linkedResource that ties a todoTask to its CRM task. */
export const APPLICATION_NAME = 'Tandem';

export type GraphTodoTask = TodoTask & { '@odata.etag'?: string };

/** The CRM task id a todoTask's Tandem link names, if any. */
export function externalIdOf(task: GraphTodoTask): string | null {
  const link = (task.linkedResources ?? []).find((l) => l.applicationName === APPLICATION_NAME && l.externalId);
  return link?.externalId ?? null;
}

/**
 * The CRM fields a todoTask carries. Only `completed` is done: To Do's other four states are all
 * still open work. Due dates are read in UTC (every read asks for it) and named by day (zone.ts).
 */
export function crmFieldsOf(task: GraphTodoTask): Required<SyncedTaskPatch> {
  const content = task.body?.content ?? '';
  return {
    title: task.title?.trim() || '(untitled)',
    notes: content.trim() ? content : null,
    dueDate: task.dueDateTime?.dateTime ? dueDay(task.dueDateTime.dateTime) : null,
    importance: task.importance === 'low' || task.importance === 'high' ? task.importance : 'normal',
    status: task.status === 'completed' ? 'done' : 'open',
  };
}
