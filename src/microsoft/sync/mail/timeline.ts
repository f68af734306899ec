import { sql } from 'kysely';
import type { ActivityKind } from '../../../db/tables/crm.js';
import type { TimelineSource } from '../../../crm/timelineSources.js';

/**
 * Mail's contribution to a person's or a company's timeline: emails of the viewer's own synced
 * mailbox that mention the person, or any of the company's people (each email once). Nobody else
 * in the workspace sees them.
 */
export const mailTimelineSource: TimelineSource = (db, q) => {
  const text = sql<string | null>`cast(null as text)`;
  if (q.personId !== undefined) {
    return db.selectFrom('email_people as ep').innerJoin('emails as e', 'e.id', 'ep.email_id')
      .where('ep.person_id', '=', q.personId).where('e.workspace_id', '=', q.workspaceId).where('e.user_id', '=', q.viewerUserId ?? '')
      .select([
        'e.id as id', sql<string>`e.workspace_id`.as('workspace_id'), sql<ActivityKind>`'email'`.as('kind'), sql<string>`coalesce(e.received_at, e.updated_at)`.as('occurred_at'),
        'e.subject as title', 'e.preview as body', 'ep.person_id as person_id', text.as('company_id'), sql<string>`'microsoft'`.as('source_type'),
        'e.id as source_id', text.as('source_meta'), text.as('created_by'), 'e.updated_at as created_at',
      ]) as never;
  }
  const mentioning = db.selectFrom('email_people as ep').innerJoin('people as p', 'p.id', 'ep.person_id').select('ep.email_id')
    .where('p.workspace_id', '=', q.workspaceId).where('p.company_id', '=', q.companyId ?? '');
  return db.selectFrom('emails as e')
    .where('e.id', 'in', mentioning).where('e.workspace_id', '=', q.workspaceId).where('e.user_id', '=', q.viewerUserId ?? '')
    .select([
      'e.id as id', sql<string>`e.workspace_id`.as('workspace_id'), sql<ActivityKind>`'email'`.as('kind'), sql<string>`coalesce(e.received_at, e.updated_at)`.as('occurred_at'),
      'e.subject as title', 'e.preview as body', text.as('person_id'), text.as('company_id'), sql<string>`'microsoft'`.as('source_type'),
      'e.id as source_id', text.as('source_meta'), text.as('created_by'), 'e.updated_at as created_at',
    ]) as never;
};
