/**
 * The activity timeline of one person or company: newest first, paginated, with a note form.
 * activity.created events for this record arrive live (from other tabs, later from Microsoft sync);
 * meetings also refresh on calendar.changed (Outlook) and on this tab's own calendar changes, and
 * synced emails on mail.changed.
 */
import { useState } from 'react';
import type { Activity, Page } from '../api/types.js';
import { ErrorText } from '../components/ErrorText.js';
import { LoadMore } from '../components/LoadMore.js';
import { usePagedList } from '../hooks/usePagedList.js';
import { eventRecordId, RECONNECTED, syncedEvents, syncedNames, useLiveEvent } from '../live.js';
import { useCalendarChange } from '../calendar/localChanges.js';
import { ActivityItem } from './ActivityItem.js';
import { useMeetingEvents } from './useMeetingEvents.js';
import { NoteForm } from './NoteForm.js';

interface Props {
  /** "person" or "company": which field of an activity links it to this record. */
  owner: 'person' | 'company';
  ownerId: string;
  load(cursor: string | null): Promise<Page<Activity>>;
  addNote(body: string): Promise<Activity>;
}

function isActivity(data: unknown): data is Activity {
  return !!data && typeof data === 'object' && 'id' in data && 'kind' in data && 'occurredAt' in data;
}

export function Timeline({ owner, ownerId, load, addNote }: Props) {
  const list = usePagedList(load, `${owner}:${ownerId}`);
  const ownerKey = owner === 'person' ? 'personId' : 'companyId';

  useLiveEvent(['activity.created', 'activity.updated', 'activity.deleted', RECONNECTED], (data, type) => {
    if (isActivity(data)) {
      if (data[ownerKey] !== ownerId) return;
      if (type === 'activity.deleted') list.remove(data.id);
      else list.upsert(data);
      return;
    }
    list.reload(); // payload without the activity: cheaper to re-read than to guess
  });

  // Meetings change with the calendar: synced from Outlook (calendar.changed) or changed in this tab.
  const [calendarVersion, setCalendarVersion] = useState(0);
  const calendarChanged = () => {
    list.reload();
    setCalendarVersion((v) => v + 1);
  };
  useLiveEvent(['calendar.changed'], calendarChanged);
  useCalendarChange(calendarChanged);
  const meetingEvents = useMeetingEvents(list.items, calendarVersion);
  // Synced mail joins the timeline of the people it mentions (and their companies) as it arrives.
  useLiveEvent(['mail.changed'], () => list.reload());
  // A sync that changed the person may have noted why on their timeline (an Outlook contact's conflict or deletion).
  useLiveEvent(['person.updated', ...syncedEvents('person')], (data, type) => {
    if (owner === 'person' && (syncedNames(data, type, ownerId) ?? eventRecordId(data, 'person') === ownerId)) list.reload();
  });

  const sorted = [...list.items].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));

  return (
    <section className="timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <NoteForm onAdd={async (body) => list.upsert(await addNote(body))} />
      <ErrorText error={list.error} />
      {sorted.length ? (
        <ol className="activities" aria-label="Timeline entries">
          {sorted.map((a) => (
            <ActivityItem key={a.id} activity={a} event={meetingEvents.get(a.id)} />
          ))}
        </ol>
      ) : (
        <p className="empty">{list.loading ? 'Loading…' : 'Nothing here yet. Notes you add appear here.'}</p>
      )}
      <LoadMore hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
    </section>
  );
}
