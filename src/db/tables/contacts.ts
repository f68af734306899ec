/** Outlook contacts (migration 0011). Lists are JSON text. */
export interface ContactsFoldersTable {
  account_id: string;
  graph_id: string;
  name: string;
  is_default: number;
  updated_at: string;
}

/** One account's copy of a contact, in the CRM's shape: the base a later version is diffed against. */
export interface ContactsContactsTable {
  id: string;
  account_id: string;
  user_id: string;
  workspace_id: string;
  folder_graph_id: string;
  graph_id: string;
  change_key: string | null;
  name: string;
  /** JSON array of lower-case addresses, Outlook's order. */
  emails: string;
  /** JSON array: business, mobile, home (see mapContact.ts). */
  phones: string;
  company_name: string | null;
  job_title: string | null;
  notes: string | null;
  /** Outlook's lastModifiedDateTime: which side changed a field later. */
  modified_at: string | null;
  sync_round: string | null;
  updated_at: string;
}

/** A person a contact created (rather than matched): only these may be deleted with their contacts. */
export interface ContactsPersonOriginsTable {
  person_id: string;
  workspace_id: string;
  account_id: string;
  created_at: string;
}

export interface ContactsSettingsTable {
  workspace_id: string;
  user_id: string;
  /** "Add people I create to Outlook contacts" (0 by default). */
  push_new_people: number;
  updated_at: string;
}

export interface ContactsTables {
  contacts_folders: ContactsFoldersTable;
  contacts_contacts: ContactsContactsTable;
  contacts_person_origins: ContactsPersonOriginsTable;
  contacts_settings: ContactsSettingsTable;
}
