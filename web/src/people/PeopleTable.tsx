import type { Person } from '../api/types.js';
import { Link } from '../router.js';
import { OutOfOfficeBadge } from './OutOfOfficeBadge.js';

interface Props {
  people: Person[];
  companyName(id: string | null): string | null;
  loading?: boolean;
  showCompany?: boolean;
}

export function PeopleTable({ people, companyName, loading, showCompany = true }: Props) {
  if (!people.length) return <p className="empty">{loading ? 'Loading…' : 'No people yet.'}</p>;
  return (
    <table className="table" aria-label="People">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Email</th>
          {showCompany && <th scope="col">Company</th>}
          <th scope="col">Job title</th>
        </tr>
      </thead>
      <tbody>
        {people.map((p) => (
          <tr key={p.id}>
            <td>
              <Link to={`/people/${encodeURIComponent(p.id)}`}>{p.name}</Link>
            </td>
            <td>{p.emails[0] ?? ''} <OutOfOfficeBadge emails={p.emails} /></td>
            {showCompany && (
              <td>{p.companyId ? <Link to={`/companies/${encodeURIComponent(p.companyId)}`}>{companyName(p.companyId) ?? 'Company'}</Link> : ''}</td>
            )}
            <td>{p.jobTitle ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
