/**
 * The database's shape for Kysely, composed from each area's own table file so that each
 * area owns its tables.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Tables {}
