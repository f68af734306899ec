/** The people who work at one company, kept current by person.* events. */
import { people } from '../api/resources.js';
import { ErrorText } from '../components/ErrorText.js';
import { LoadMore } from '../components/LoadMore.js';
import { useLiveRecords } from '../hooks/useLiveRecords.js';
import { usePagedList } from '../hooks/usePagedList.js';
import { PeopleTable } from '../people/PeopleTable.js';

export function CompanyPeople({ companyId }: { companyId: string }) {
  const list = usePagedList((cursor) => people.list({ companyId, cursor }), companyId);
  useLiveRecords('person', list, people.get, (p) => p.companyId === companyId);
  return (
    <section aria-labelledby="company-people">
      <h2 id="company-people">People</h2>
      <ErrorText error={list.error} />
      <PeopleTable people={list.items} companyName={() => null} loading={list.loading} showCompany={false} />
      <LoadMore hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
    </section>
  );
}
