import type { SandboxDb } from '../../core/db.js';
import { newLinkId } from './ids.js';
import type { LinkInput } from './input.js';
import type { LinkRow } from './schema.js';

export const linksOf = (db: SandboxDb, taskPk: number) => db.prepare('SELECT * FROM gt_link WHERE task_pk = ? ORDER BY pk').all(taskPk) as LinkRow[];

/** Linked resources of many tasks at once (a page with `$expand=linkedResources`): one query. */
export function linksOfMany(db: SandboxDb, taskPks: number[]): Map<number, LinkRow[]> {
  const out = new Map<number, LinkRow[]>(taskPks.map((pk) => [pk, []]));
  if (!taskPks.length) return out;
  const rows = db.prepare(`SELECT * FROM gt_link WHERE task_pk IN (SELECT value FROM json_each(?)) ORDER BY pk`).all(JSON.stringify(taskPks)) as LinkRow[];
  for (const r of rows) out.get(r.task_pk)?.push(r);
  return out;
}

/** Adds linked resources to a task; a given id is kept (a task moved to another list keeps its links). */
export function insertLinks(db: SandboxDb, taskPk: number, links: Array<LinkInput & { id?: string }>): LinkRow[] {
  const insert = db.prepare('INSERT INTO gt_link (task_pk, id, application_name, display_name, external_id, web_url) VALUES (?, ?, ?, ?, ?, ?)');
  for (const l of links) insert.run(taskPk, l.id ?? newLinkId(), l.application_name, l.display_name, l.external_id, l.web_url);
  return linksOf(db, taskPk);
}

export function updateLink(db: SandboxDb, link: LinkRow, patch: Partial<LinkInput>): LinkRow {
  const next = { ...link, ...patch };
  db.prepare('UPDATE gt_link SET application_name = ?, display_name = ?, external_id = ?, web_url = ? WHERE pk = ?')
    .run(next.application_name, next.display_name, next.external_id, next.web_url, link.pk);
  return next;
}

export const deleteLink = (db: SandboxDb, link: LinkRow) => db.prepare('DELETE FROM gt_link WHERE pk = ?').run(link.pk);
