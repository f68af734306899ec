import { getCompany, getPerson, getTask } from '../../../crm/index.js';
import type { Db } from '../../../db/database.js';
import type { FileRecordType } from '../../../db/tables/files.js';

export type { FileRecordType };

/** The folder under `Tandem/` each kind of record keeps its files in. */
const FOLDER: Record<FileRecordType, string> = { person: 'People', company: 'Companies', task: 'Tasks' };

/** A record's name in its workspace (a person's or company's name, a task's title); 404 when it is not there. */
export async function recordName(db: Db, workspaceId: string, type: FileRecordType, id: string): Promise<string> {
  switch (type) {
    case 'person':
      return (await getPerson(db, workspaceId, id)).name;
    case 'company':
      return (await getCompany(db, workspaceId, id)).name;
    case 'task':
      return (await getTask(db, workspaceId, id)).title;
  }
}

export const kindFolder = (type: FileRecordType): string => FOLDER[type];
