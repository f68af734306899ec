import type { SandboxDb } from '../../core/db.js';

/**
 * Standalone Teams meetings, one row each, kept as the JSON Graph answered at creation (nothing
 * about a meeting changes afterwards in the sandbox, so there is nothing to recompute).
 */
export const onlineMeetingsSchema = `
CREATE TABLE IF NOT EXISTS om_meeting (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS om_meeting_user ON om_meeting(user_id);`;

export type MeetingJson = Record<string, unknown> & { id: string };

export function insertMeeting(db: SandboxDb, userId: string, meeting: MeetingJson): void {
  db.prepare('INSERT INTO om_meeting (id, user_id, json) VALUES (?, ?, ?)').run(meeting.id, userId, JSON.stringify(meeting));
}

/** A meeting of this organizer; another user's id is as unknown as a made-up one. */
export function meetingOf(db: SandboxDb, userId: string, id: string): MeetingJson | undefined {
  const row = db.prepare('SELECT json FROM om_meeting WHERE id = ? AND user_id = ?').get(id, userId) as { json: string } | undefined;
  return row ? (JSON.parse(row.json) as MeetingJson) : undefined;
}

export function deleteMeeting(db: SandboxDb, id: string): void {
  db.prepare('DELETE FROM om_meeting WHERE id = ?').run(id);
}

/** The organizer's meetings, newest first (control API). */
export function meetingsOf(db: SandboxDb, userId: string): MeetingJson[] {
  return (db.prepare('SELECT json FROM om_meeting WHERE user_id = ? ORDER BY rowid DESC').all(userId) as Array<{ json: string }>)
    .map((r) => JSON.parse(r.json) as MeetingJson);
}
