/** Every company of the workspace, for pickers and for showing a person's company by name. */
import { useCallback, useEffect, useState } from 'react';
import { allCompanies } from '../api/resources.js';
import type { Company } from '../api/types.js';
import { crudEvents, RECONNECTED, syncedEvents, useLiveEvent } from '../live.js';

export function useCompanyOptions(): { companies: Company[]; nameOf(id: string | null): string | null } {
  const [companies, setCompanies] = useState<Company[]>([]);
  const load = useCallback(() => {
    allCompanies().then(setCompanies, () => setCompanies([]));
  }, []);
  useEffect(load, [load]);
  useLiveEvent([...crudEvents('company'), ...syncedEvents('company'), RECONNECTED], load);
  const nameOf = (id: string | null) => (id ? (companies.find((c) => c.id === id)?.name ?? null) : null);
  return { companies, nameOf };
}
