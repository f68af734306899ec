import type { Person } from '../api/types.js';
import { Link } from '../router.js';
import { OutOfOfficeBadge } from './OutOfOfficeBadge.js';

export function PersonDetails({ person, companyName }: { person: Person; companyName: string | null }) {
  return (
    <dl className="card details">
      <dt>Emails</dt>
      <dd>
        {person.emails.length
          ? person.emails.map((email) => (
              <a key={email} href={`mailto:${email}`} className="chip">
                {email}
              </a>
            ))
          : '—'}
        <OutOfOfficeBadge emails={person.emails} />
      </dd>
      <dt>Phones</dt>
      <dd>{person.phones.length ? person.phones.join(', ') : '—'}</dd>
      <dt>Company</dt>
      <dd>{person.companyId ? <Link to={`/companies/${encodeURIComponent(person.companyId)}`}>{companyName ?? 'Company'}</Link> : '—'}</dd>
      <dt>Job title</dt>
      <dd>{person.jobTitle ?? '—'}</dd>
      <dt>Notes</dt>
      <dd className="pre">{person.notes ?? '—'}</dd>
      {person.origin && (
        <>
          <dt>Source</dt>
          <dd data-testid="person-origin">{person.origin}</dd>
        </>
      )}
    </dl>
  );
}
