/** Row types of the sync piece's own table (migrations/0004_sync_rounds.ts). */
export interface MicrosoftSyncRoundsTable {
  account_id: string;
  resource: string;
  scope_key: string;
  round_id: string;
  started_at: string;
}

export interface MicrosoftSyncTables {
  microsoft_sync_rounds: MicrosoftSyncRoundsTable;
}
