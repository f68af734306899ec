/**
 * After a first connect the tenant refused as "needs admin approval". Microsoft does not say which
 * permission it was, so this lists what was asked for and offers the two ways on: connect with only
 * the features users can usually approve themselves, or have an administrator approve for the org.
 */
import { useState } from 'react';
import type { Feature } from './api.js';
import type { AdminApprovalHelp as Help } from './messages.js';

interface Props {
  help: Help;
  catalogue: Feature[];
  busy: boolean;
  onConnectWith(features: string[]): void;
  onAuthorizeOrg(features: string[], organization: string | undefined): void;
}

export function AdminApprovalHelp({ help, catalogue, busy, onConnectWith, onAuthorizeOrg }: Props) {
  const [organization, setOrganization] = useState('');
  const name = (id: string) => catalogue.find((f) => f.id === id)?.title ?? id;
  const withoutNames = help.without.map((id) => catalogue.find((f) => f.id === id)?.shortTitle ?? id).join(', ');
  return (
    <div className="banner warn stacked" role="alert" data-testid="microsoft-admin-approval">
      {help.baseBlocked ? (
        <p>
          Your organization requires an administrator to approve Tandem before anyone can connect, even for sign-in
          {help.requested.length ? ` and ${help.requested.map(name).join(', ')}` : ''}.
        </p>
      ) : (
        <p>
          Your organization requires an administrator to approve one or more of the permissions you asked for
          ({help.requested.map(name).join(', ')}). Microsoft does not say which.
        </p>
      )}
      {!help.baseBlocked && help.without.length > 0 && (
        <div className="row">
          <button type="button" className="primary" disabled={busy} onClick={() => onConnectWith(help.without)}>
            Connect with only {withoutNames}
          </button>
          <span className="hint">the features people can usually approve for themselves; the others can be enabled later.</span>
        </div>
      )}
      <p className="hint">Or an administrator of your Microsoft 365 organization approves them for everyone:</p>
      <div className="row">
        <label>
          Organization domain (if Tandem asks){' '}
          <input type="text" value={organization} placeholder="contoso.onmicrosoft.com" onChange={(e) => setOrganization(e.target.value)} disabled={busy} />
        </label>
        <button type="button" disabled={busy} onClick={() => onAuthorizeOrg(help.requested, organization.trim() || undefined)}>
          Authorize for the org (administrators)
        </button>
      </div>
    </div>
  );
}
