import type { Migration } from 'kysely';
import * as m0003 from './0003_microsoft.js';
import * as m0001 from './0001_core.js';
import * as m0002 from './0002_jobs.js';
import * as m0004 from './0004_sync_rounds.js';
import * as m0005 from './0005_subscription_failures.js';
import * as m0006 from './0006_email_round_index.js';
import * as m0007 from './0007_write_back.js';
import * as m0008 from './0008_calendar.js';
import * as m0009 from './0009_disconnect_receipts.js';
import * as m0010 from './0010_scheduling.js';
import * as m0011 from './0011_contacts.js';
import * as m0012 from './0012_todo.js';
import * as m0013 from './0013_files.js';
import * as m0014 from './0014_people_from_mail.js';
import * as m0015 from './0015_file_link_folders.js';

/**
 * Ordered by name. Each migration uses only portable column types (see ../database.ts).
 * Owners: 0001 CRM core, 0002 jobs, 0003 Microsoft 365 integration, 0004 sync rounds (SYNC),
 * 0005 subscription failures (SYNC), 0006 index for the end-of-round sweep,
 * 0007 links and outbox of the write-back shared by two-way resources (SYNC),
 * 0008 meetings, participants and the Outlook calendar (CALENDAR), 0009 disconnect receipts (CONNECT),
 * 0010 scheduling pages and bookings (SCHEDULING), 0011 Outlook contacts (CONTACTS), 0012 CRM tasks ↔ Microsoft To Do (TO-DO area),
 * 0013 OneDrive and SharePoint files on CRM records (FILES), 0014 people from mail (PEOPLE-FROM-MAIL),
 * 0015 the folder ids above linked files (FILES).
 */
export const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_jobs': m0002,
  '0003_microsoft': m0003,
  '0004_sync_rounds': m0004,
  '0005_subscription_failures': m0005,
  '0006_email_round_index': m0006,
  '0007_write_back': m0007,
  '0008_calendar': m0008,
  '0009_disconnect_receipts': m0009,
  '0010_scheduling': m0010,
  '0011_contacts': m0011,
  '0012_todo': m0012,
  '0013_files': m0013,
  '0014_people_from_mail': m0014,
  '0015_file_link_folders': m0015,
};
