import type { SandboxContext } from '../../core/context.js';
import { TOPICS } from '../mail/corpus.js';
import { createList } from './listStore.js';
import { newTaskId, newTodoEtag } from './ids.js';
import { completionDay } from './input.js';
import type { ListRow, NewTaskRow } from './schema.js';
import { ensureTodo, stmts } from './store.js';
import { createTask, TASK_DEFAULTS } from './write.js';

const DAY = 86_400_000;
const at = (ms: number) => ({ dateTime: new Date(ms).toISOString().slice(0, 19), timeZone: 'UTC' });

/**
 * The demo user's To Do: the built-in "Tasks" list with four tasks (one done, one due tomorrow
 * with a reminder and a link back to a CRM record, one important, one waiting on others).
 * Small and the same every time, as the calendar seed is.
 */
export function seedTodo(ctx: SandboxContext, userId: string): void {
  const list = ensureTodo(ctx, userId);
  const today = Math.floor(ctx.now() / DAY) * DAY;
  createTask(ctx, list, { title: 'Send the pricing proposal', status: 'completed', importance: 'normal' });
  createTask(ctx, list, {
    title: 'Follow up with Litware on the renewal', importance: 'high', dueDateTime: at(today + DAY), isReminderOn: true,
    reminderDateTime: at(today + DAY + 9 * 3_600_000), body: { contentType: 'text', content: 'They asked for the updated contract terms.' },
    linkedResources: [{ applicationName: 'Tandem', displayName: 'Litware renewal', externalId: 'deal-1001', webUrl: 'https://tandem.example/deals/1001' }],
  });
  createTask(ctx, list, { title: 'Prepare the quarterly review deck', importance: 'high', startDateTime: at(today), dueDateTime: at(today + 7 * DAY), categories: ['Sales'] });
  createTask(ctx, list, { title: 'Security questionnaire for Proseware', status: 'waitingOnOthers' });
}

export interface GenerateTasksOptions { tasks: number; lists: number }

/**
 * Bulk tasks for benchmarks: `tasks` tasks spread round-robin over `lists` lists, the default
 * list first, then lists "Generated 1..n-1" (reused when present); every fifth one completed.
 * One transaction, no notifications.
 */
export function generateTasks(ctx: SandboxContext, userId: string, o: GenerateTasksOptions): { tasks: number; lists: ListRow[] } {
  if (!Number.isInteger(o.tasks) || o.tasks < 0 || o.tasks > 1_000_000 || !Number.isInteger(o.lists) || o.lists < 1 || o.lists > 100) {
    throw Object.assign(new Error("'tasks' (0..1,000,000) and 'lists' (1..100) must be integers"), { statusCode: 400 });
  }
  const def = ensureTodo(ctx, userId);
  const now = ctx.now();
  return ctx.db.transaction(() => {
    const existing = ctx.db.prepare('SELECT * FROM gt_list WHERE user_id = ?').all(userId) as ListRow[];
    const targets = [def];
    for (let i = 1; i < o.lists; i++) targets.push(existing.find((l) => l.name === `Generated ${i}`) ?? createList(ctx, userId, `Generated ${i}`));
    let seq = (ctx.db.prepare('SELECT seq FROM gt_owner WHERE user_id = ?').get(userId) as { seq: number }).seq;
    const { insert } = stmts(ctx.db);
    for (let i = 0; i < o.tasks; i++) {
      const done = i % 5 === 4;
      const row: NewTaskRow = {
        ...TASK_DEFAULTS, user_id: userId, list_id: targets[i % targets.length]!.id, id: newTaskId(),
        title: `${TOPICS[i % TOPICS.length]!} ${i + 1}`, status: done ? 'completed' : 'notStarted', completed_ms: done ? completionDay(now) : null,
        due_ms: i % 3 === 0 ? Math.floor(now / DAY) * DAY + (i % 30) * DAY : null, body_modified: now,
        etag: newTodoEtag(), created: now, modified: now, seq: ++seq,
      };
      insert.run(row);
    }
    ctx.db.prepare('UPDATE gt_owner SET seq = ? WHERE user_id = ?').run(seq, userId);
    return { tasks: o.tasks, lists: targets };
  })();
}
