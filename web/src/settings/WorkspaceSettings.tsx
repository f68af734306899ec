import { useState, type FormEvent } from 'react';
import { workspaces } from '../api/resources.js';
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';
import { useMembers } from '../hooks/useMembers.js';
import { useSession } from '../session.js';
import { CreateWorkspaceForm } from './CreateWorkspaceForm.js';

export function WorkspaceSettings() {
  const session = useSession();
  const { members, error, reload } = useMembers();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'member' | 'owner'>('member');
  const adding = useAction();
  const myRole = session.workspaces.find((w) => w.id === session.workspace.id)?.role;

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await adding.run(() => workspaces.addMember(session.workspace.id, email.trim(), role))) {
      setEmail('');
      reload();
    }
  };

  return (
    <div className="settings-grid">
      <section className="card">
        <h2>Profile</h2>
        <dl className="details">
          <dt>Name</dt>
          <dd>{session.user.name}</dd>
          <dt>Email</dt>
          <dd>{session.user.email}</dd>
        </dl>
      </section>
      <section className="card">
        <h2>Workspace: {session.workspace.name}</h2>
        <ErrorText error={error} />
        <table className="table" aria-label="Members">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>{m.role}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <form className="inline-form" onSubmit={add} aria-label="Add member">
          <label>
            Member email
            <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            Role
            <select value={role} onChange={(e) => setRole(e.target.value === 'owner' ? 'owner' : 'member')}>
              <option value="member">Member</option>
              <option value="owner">Owner</option>
            </select>
          </label>
          <button type="submit" disabled={adding.busy}>
            Add member
          </button>
        </form>
        {myRole !== 'owner' && <p className="hint">Only owners can add members.</p>}
        <p className="hint">The person must already have a Tandem account.</p>
        <ErrorText error={adding.error} />
      </section>
      <CreateWorkspaceForm />
    </div>
  );
}
