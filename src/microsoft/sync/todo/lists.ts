import type { TodoTaskList } from '@microsoft/microsoft-graph-types';
import type { SyncContext, SyncScope } from '../contract.js';
import { dropGoneLists } from './goneLists.js';

/** The list Tandem puts the tasks it syncs in; found again by this name after a reconnect. */
export const TANDEM_LIST = 'Tandem';

const known = new Map<string, string>();

/** Every To Do list of the user, one scope each (deleted ones dropped); the Tandem list is where a catch-up looks. */
export async function listTodoLists(ctx: SyncContext): Promise<SyncScope[]> {
  const lists: TodoTaskList[] = [];
  for await (const page of ctx.graph.pages<TodoTaskList>(ctx.account.id, '/me/todo/lists')) lists.push(...page.items);
  const tandem = lists.find((l) => l.displayName === TANDEM_LIST && l.wellknownListName !== 'defaultList');
  if (tandem?.id) known.set(ctx.account.id, tandem.id);
  else known.delete(ctx.account.id);
  await dropGoneLists(ctx, new Set(lists.map((l) => l.id!).filter(Boolean)));
  return lists.filter((l) => l.id).map((l) => ({ key: l.id!, name: l.displayName ?? '', primary: l.id === tandem?.id }));
}

/**
 * The Tandem list's id, created when missing. Remembered per account (one Graph round trip per
 * opt-in saved); `forget` after Graph says it is gone, so the next call finds or creates it again.
 */
export async function tandemListId(ctx: SyncContext): Promise<string> {
  const cached = known.get(ctx.account.id);
  if (cached) return cached;
  const found = (await listTodoLists(ctx)).find((s) => s.primary);
  if (found) return found.key;
  const res = await ctx.graph.request<TodoTaskList>(ctx.account.id, { method: 'POST', path: '/me/todo/lists', body: { displayName: TANDEM_LIST } });
  known.set(ctx.account.id, res.body.id!);
  return res.body.id!;
}

/** The Tandem list's id if this process has seen it (no Graph call). */
export function knownTandemList(accountId: string): string | undefined {
  return known.get(accountId);
}

export function forgetTandemList(accountId: string): void {
  known.delete(accountId);
}
