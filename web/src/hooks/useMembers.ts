/** Members of the current workspace (task assignees, Settings). */
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/client.js';
import { workspaces } from '../api/resources.js';
import type { Member } from '../api/types.js';
import { useSession } from '../session.js';

export function useMembers(): { members: Member[]; error: string | null; reload(): void; nameOf(id: string | null): string | null } {
  const workspaceId = useSession().workspace.id;
  const [members, setMembers] = useState<Member[]>([]);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    workspaces.members(workspaceId).then(
      (res) => {
        setMembers(res.items);
        setError(null);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [workspaceId]);
  useEffect(reload, [reload]);
  const nameOf = (id: string | null) => (id ? (members.find((m) => m.userId === id)?.name ?? null) : null);
  return { members, error, reload, nameOf };
}
