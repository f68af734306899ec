import type { TaskStatus } from '../api/types.js';
import { navigate, useLocation } from '../router.js';
import { TaskList } from './TaskList.js';

/** The status filter lives in the URL (?status=open|done|all) so a reload keeps it. */
export function TasksPage() {
  const { search } = useLocation();
  const raw = search.get('status');
  // ?task={id} is a task's deep link (To Do links back with it): all tasks, so a done one is there too.
  const highlight = search.get('task');
  const status: TaskStatus | 'all' = raw === 'done' || raw === 'all' || raw === 'open' ? raw : highlight ? 'all' : 'open';

  return (
    <section>
      <div className="page-head">
        <h1>Tasks</h1>
        <label className="inline">
          Show
          <select value={status} onChange={(e) => navigate(`/tasks?status=${e.target.value}`, { replace: true })}>
            <option value="open">Open tasks</option>
            <option value="done">Done tasks</option>
            <option value="all">All tasks</option>
          </select>
        </label>
      </div>
      <TaskList filter={status === 'all' ? {} : { status }} {...(highlight ? { highlight } : {})} />
    </section>
  );
}
