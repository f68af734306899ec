/** Microsoft To Do tasks synced per account (migration 0012). */
export interface TodoItemsTable {
  id: string;
  account_id: string;
  workspace_id: string;
  user_id: string;
  list_graph_id: string;
  graph_id: string;
  title: string;
  status: string;
  /** The CRM task id its Tandem linkedResource names, if any. */
  external_id: string | null;
  etag: string | null;
  removed_at: string | null;
  sync_round: string | null;
  updated_at: string;
}

export interface TodoTables {
  todo_items: TodoItemsTable;
}
