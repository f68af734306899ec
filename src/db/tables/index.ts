/**
 * The database's shape for Kysely, composed from each area's own table file so that each
 * area owns its tables.
 */
import type { CrmTables } from './crm.js';
import type { MicrosoftTables } from './microsoft.js';
import type { JobsTables } from './jobs.js';
import type { MicrosoftSyncTables } from './microsoftSync.js';
import type { MeetingTables } from './meetings.js';
import type { CalendarTables } from './calendar.js';
import type { SchedulingTables } from './scheduling.js';
import type { ContactsTables } from './contacts.js';
import type { TodoTables } from './todo.js';
import type { FilesTables } from './files.js';
import type { PeopleFromMailTables } from './peopleFromMail.js';

export interface Tables extends CrmTables, MicrosoftTables, JobsTables, MicrosoftSyncTables, MeetingTables, CalendarTables, SchedulingTables, ContactsTables, TodoTables, FilesTables, PeopleFromMailTables {}
