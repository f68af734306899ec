/** CRM tables of meetings (migration 0008): what the CRM knows, with no word of Microsoft. */

/** A meeting scheduled in the CRM: the details its activity (kind 'meeting') does not carry. */
export interface MeetingsTable {
  activity_id: string;
  workspace_id: string;
  /** Who scheduled it: the meeting is in this user's calendar. */
  owner_user_id: string;
  start_utc: string;
  end_utc: string;
  /** IANA zone the user scheduled it in (its wall-clock times are meant there). */
  time_zone: string;
  location: string | null;
  /** An online meeting was asked for. */
  is_online: number;
  join_url: string | null;
  /** JSON array of the CRM people invited. */
  attendee_person_ids: string;
  /** The UID the external calendar gave it (the same in every attendee's copy). */
  calendar_uid: string | null;
  /** 1 while an external calendar mirrors it; 0 after that calendar was disconnected. */
  linked: number;
  created_at: string;
  updated_at: string;
}

/** Everyone on whose timeline an activity shows, beyond its own person_id. */
export interface ActivityParticipantsTable {
  activity_id: string;
  person_id: string;
  workspace_id: string;
}

export interface MeetingTables {
  meetings: MeetingsTable;
  activity_participants: ActivityParticipantsTable;
}
