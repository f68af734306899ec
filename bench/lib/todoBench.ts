/** Shared set-up for the To Do benchmarks: the sandbox in its own process, Tandem on SQLite, one user with To Do granted. */
import type { MicrosoftTestEnv } from '../../test/helpers/microsoft.js';
import { control, type TestSandbox } from '../../test/helpers/sandbox.js';
import { waitFor } from '../../test/helpers/wait.js';
import { connectUser, startSyncEnv, type ConnectedUser } from '../../test/microsoft/syncHelpers.js';
import { startSandboxProcess } from '../env.js';

export interface TodoBench {
  sandbox: TestSandbox;
  env: MicrosoftTestEnv;
  user: ConnectedUser;
  /** The sandbox's tasks of the user, as its control API lists them. */
  todoTasks(): Promise<Array<{ id: string; title: string; status: string; linkedResources: Array<{ externalId: string | null }> }>>;
  close(): Promise<void>;
}

export async function todoBench(): Promise<TodoBench> {
  const sandbox = await startSandboxProcess({ notificationDelayMs: 0 });
  const { env } = await startSyncEnv(sandbox, 'sqlite');
  const user = await connectUser(env, sandbox, 0, ['todo']);
  // The Tandem list and its subscription come with the connection: wait for them, as a user would have.
  await waitFor(async () => !!(await env.database.db.selectFrom('microsoft_subscriptions').select('graph_id').where('account_id', '=', user.accountId)
    .where('resource_kind', '=', 'todo').where('status', '=', 'active').executeTakeFirst()), { timeoutMs: 20_000, message: 'no To Do subscription' });
  return {
    sandbox, env, user,
    todoTasks: async () => (await control<{ value: Awaited<ReturnType<TodoBench['todoTasks']>> }>(sandbox, 'GET', `/control/todo/${user.mailboxId}/tasks`)).value,
    async close() { await env.close(); await sandbox.close(); },
  };
}
