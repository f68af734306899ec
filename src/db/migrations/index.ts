import type { Migration } from 'kysely';

/**
 * Ordered by name. Each migration uses only portable column types (see ../database.ts).
 * Owners: 0001 CRM core, 0002 jobs, 0003 Microsoft 365 integration.
 */
export const migrations: Record<string, Migration> = {};
