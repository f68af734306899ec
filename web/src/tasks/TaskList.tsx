/**
 * Tasks matching a filter, with a create form, kept current by task.* live events: a task
 * created in another tab appears here without a reload.
 */
import { tasks, type TaskFilter } from '../api/resources.js';
import type { Task } from '../api/types.js';
import { ErrorText } from '../components/ErrorText.js';
import { LoadMore } from '../components/LoadMore.js';
import { useCompanyOptions } from '../hooks/useCompanyOptions.js';
import { useLiveRecords } from '../hooks/useLiveRecords.js';
import { useMembers } from '../hooks/useMembers.js';
import { usePagedList } from '../hooks/usePagedList.js';
import { usePeopleOptions } from '../hooks/usePeopleOptions.js';
import { useLiveEvent } from '../live.js';
import { TaskForm } from './TaskForm.js';
import { TaskRow } from './TaskRow.js';
import { useTodoAccess } from './useTodoAccess.js';

function matches(task: Task, filter: TaskFilter): boolean {
  return (
    (!filter.status || task.status === filter.status) &&
    (!filter.assigneeId || task.assigneeId === filter.assigneeId) &&
    (!filter.personId || task.personId === filter.personId) &&
    (!filter.companyId || task.companyId === filter.companyId)
  );
}

interface Props {
  filter: TaskFilter;
  /** Pickers for person and company appear only where the page does not fix them. */
  fixed?: { personId?: string; companyId?: string };
  /** A task to show marked and scrolled to (a deep link). */
  highlight?: string;
}

export function TaskList({ filter, fixed, highlight }: Props) {
  const key = JSON.stringify(filter);
  const list = usePagedList((cursor) => tasks.list({ ...filter, cursor }), key);
  useLiveRecords('task', list, tasks.get, (task) => matches(task, filter));
  const members = useMembers();
  const people = usePeopleOptions();
  const companies = useCompanyOptions();
  const todo = useTodoAccess();
  // Several tasks changed in To Do at once (one comes as task.updated).
  useLiveEvent(['tasks.synced'], () => list.reload());

  const onCreate = async (input: Parameters<typeof tasks.create>[0]) => {
    const task = await tasks.create(input);
    if (matches(task, filter)) list.upsert(task);
  };
  const onToggle = async (task: Task) => {
    const updated = await tasks.update(task.id, { status: task.status === 'done' ? 'open' : 'done' });
    if (matches(updated, filter)) list.upsert(updated);
    else list.remove(updated.id);
  };
  const onSyncToDo = async (task: Task, on: boolean) => {
    list.upsert(await tasks.update(task.id, { syncToDo: on }));
  };
  const onDelete = async (task: Task) => {
    await tasks.remove(task.id);
    list.remove(task.id);
  };

  return (
    <div className="task-list">
      <TaskForm
        members={members.members}
        people={fixed?.personId ? undefined : people.people}
        companies={fixed?.companyId ? undefined : companies.companies}
        fixed={fixed}
        onCreate={onCreate}
        todo={todo.access}
      />
      <ErrorText error={list.error ?? members.error} />
      {list.items.length ? (
        <ul className="tasks" aria-label="Tasks">
          {list.items.map((task) => (
            <TaskRow
              key={task.id}
              task={task}
              highlighted={task.id === highlight}
              assigneeName={members.nameOf(task.assigneeId)}
              personName={people.nameOf(task.personId)}
              companyName={companies.nameOf(task.companyId)}
              onToggle={onToggle}
              onDelete={onDelete}
              {...(todo.access === 'granted' ? { onSyncToDo } : {})}
            />
          ))}
        </ul>
      ) : (
        <p className="empty">{list.loading ? 'Loading…' : 'No tasks here.'}</p>
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
    </div>
  );
}
