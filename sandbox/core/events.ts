import { EventEmitter } from 'node:events';

/**
 * A change to a mailbox resource, published by the Graph resource modules and consumed by
 * the subscription engine. Carrying the resource path lets subscriptions match by prefix
 * without knowing anything about mail, calendar or contacts.
 */
export interface ResourceChange {
  tenantId: string;
  /** The user (object id) whose mailbox changed. */
  userId: string;
  changeType: 'created' | 'updated' | 'deleted';
  /**
   * Every resource path this change is visible under, in Graph's canonical casing, e.g.
   * `Users/{oid}/Messages/{id}` and `Users/{oid}/MailFolders/{folderId}/Messages/{id}`.
   */
  resourcePaths: string[];
  /** For resourceData: `#Microsoft.Graph.Message` etc. */
  odataType: string;
  /** The item id as a client with default ids would see it. */
  id: string;
  /**
   * The item's immutable id, for subscriptions created with `Prefer: IdType="ImmutableId"`.
   * Absent for resources that have none; such subscriptions then get `id`.
   */
  immutableId?: string;
  etag?: string;
}

export class ChangeBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  publish(change: ResourceChange): void {
    this.emitter.emit('change', change);
  }
  subscribe(listener: (change: ResourceChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
