import { useEffect, useRef, useState } from 'react';
import type { Task } from '../api/types.js';
import { formatDay } from '../components/format.js';
import { FilesPanel } from '../files/FilesPanel.js';
import { useAction } from '../hooks/useAction.js';
import { Link } from '../router.js';

interface Props {
  task: Task;
  highlighted?: boolean;
  assigneeName: string | null;
  personName: string | null;
  companyName: string | null;
  onToggle(task: Task): Promise<void>;
  onDelete(task: Task): Promise<void>;
  /** Present when this user may sync with To Do. */
  onSyncToDo?(task: Task, on: boolean): Promise<void>;
}

function isOverdue(task: Task): boolean {
  if (!task.dueDate || task.status === 'done') return false;
  const today = new Date();
  const local = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  return task.dueDate < local;
}

export function TaskRow({ task, highlighted, assigneeName, personName, companyName, onToggle, onDelete, onSyncToDo }: Props) {
  const { busy, error, run } = useAction();
  const row = useRef<HTMLLIElement>(null);
  const [showFiles, setShowFiles] = useState(false);
  useEffect(() => {
    if (highlighted) row.current?.scrollIntoView?.({ block: 'center' });
  }, [highlighted]);

  return (
    <li ref={row} className={`task ${task.status === 'done' ? 'task-done' : ''} ${highlighted ? 'task-highlight' : ''} ${showFiles ? 'task-files-open' : ''}`} data-testid="task-row" aria-current={highlighted || undefined}>
      <input
        type="checkbox"
        checked={task.status === 'done'}
        disabled={busy}
        aria-label={`Done: ${task.title}`}
        onChange={() => void run(() => onToggle(task))}
      />
      <div className="task-main">
        <span className="task-title">{task.title}</span>
        <span className="task-meta muted">
          {task.dueDate && <span className={isOverdue(task) ? 'overdue' : undefined}>Due {formatDay(task.dueDate)}</span>}
          {assigneeName && <span>Assigned to {assigneeName}</span>}
          {task.personId && <Link to={`/people/${encodeURIComponent(task.personId)}`}>{personName ?? 'Linked person'}</Link>}
          {task.companyId && <Link to={`/companies/${encodeURIComponent(task.companyId)}`}>{companyName ?? 'Linked company'}</Link>}
        </span>
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </div>
      {(onSyncToDo || task.syncToDo) && (
        <label
          className="inline task-todo muted"
          title={task.syncToDo ? 'Synced with Microsoft To Do. Turning it off deletes it from To Do; the task stays here.' : 'Sync with Microsoft To Do (your “Tandem” list)'}
        >
          <input
            type="checkbox"
            checked={task.syncToDo}
            disabled={busy || !onSyncToDo}
            aria-label={`Sync with Microsoft To Do: ${task.title}`}
            onChange={(e) => void run(() => onSyncToDo!(task, e.target.checked))}
          />
          To Do
        </label>
      )}
      <button type="button" className="link-button" aria-expanded={showFiles} aria-label={`Files of task ${task.title}`} onClick={() => setShowFiles((v) => !v)}>
        Files
      </button>
      <button type="button" className="link-button" disabled={busy} aria-label={`Delete task ${task.title}`} onClick={() => void run(() => onDelete(task))}>
        Delete
      </button>
      {showFiles && (
        <div className="task-files">
          <FilesPanel record={{ type: 'task', id: task.id }} heading="h3" />
        </div>
      )}
    </li>
  );
}
