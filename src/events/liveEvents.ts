/**
 * Live updates for open pages. A worker process may publish an event that a web process must
 * deliver over SSE, so the bus is an interface: in-process for SQLite, LISTEN/NOTIFY for
 * PostgreSQL. Scoping decides who may receive an event: a workspace's members, or one user.
 */
export interface LiveEvent {
  type: string;
  /** Delivered to every member of this workspace with an open page. */
  workspaceId?: string;
  /** Delivered only to this user (mail and other per-user data). */
  userId?: string;
  data: unknown;
}

export interface LiveEvents {
  publish(event: LiveEvent): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}
