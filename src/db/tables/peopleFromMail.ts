/** Tables of people from mail (migration 0014); emails.people_scanned is on EmailsTable. */

export type PeopleFromMailMode = 'off' | 'sent' | 'all';

export interface PeopleFromMailSettingsTable {
  workspace_id: string;
  mode: PeopleFromMailMode;
  /** 1: colleagues at the mailbox owner's domain become people too. */
  include_colleagues: number;
  updated_at: string;
}

/** A person a mailbox created (rather than matched). */
export interface MailPersonOriginsTable {
  person_id: string;
  workspace_id: string;
  account_id: string;
  /** The mailbox's address when the person was made, for the label. */
  mailbox: string;
  /** The address the person was made for. */
  address: string;
  /**
   * 0: as the mailbox made them. 1: a user edited them (the CRM's own then: a disconnect keeps them).
   * 2: a user deleted them (the row stays so the same mail never makes them again).
   */
  edited: number;
  created_at: string;
}

export interface MailCompanyDomainsTable {
  workspace_id: string;
  domain: string;
  created_at: string;
}

export interface PeopleFromMailTables {
  people_from_mail_settings: PeopleFromMailSettingsTable;
  mail_person_origins: MailPersonOriginsTable;
  mail_company_domains: MailCompanyDomainsTable;
}
