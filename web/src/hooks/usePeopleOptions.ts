/** People to link a task to (the first 200 by the server's order; enough for a picker). */
import { useCallback, useEffect, useState } from 'react';
import { people as peopleApi } from '../api/resources.js';
import type { Person } from '../api/types.js';
import { crudEvents, RECONNECTED, syncedEvents, useLiveEvent } from '../live.js';

export function usePeopleOptions(): { people: Person[]; nameOf(id: string | null): string | null } {
  const [people, setPeople] = useState<Person[]>([]);
  const load = useCallback(() => {
    peopleApi.list({ limit: 200 }).then((page) => setPeople(page.items), () => setPeople([]));
  }, []);
  useEffect(load, [load]);
  useLiveEvent([...crudEvents('person'), ...syncedEvents('person'), RECONNECTED], load);
  const nameOf = (id: string | null) => (id ? (people.find((p) => p.id === id)?.name ?? null) : null);
  return { people, nameOf };
}
