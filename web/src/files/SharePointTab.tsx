/**
 * The picker's SharePoint tab: search sites, pick a document library, then browse it like OneDrive.
 * Until an administrator has authorized SharePoint for the organization (the server answers 403),
 * it says what to ask the administrator for instead.
 */
import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.js';
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';
import { useDebounced } from '../hooks/useDebounced.js';
import { Link } from '../router.js';
import { goTo, microsoft } from '../settings/microsoft/api.js';
import { DriveBrowser } from './DriveBrowser.js';
import { FileIcon } from './FileIcon.js';
import { files, type DriveEntry, type Library, type Site } from './filesApi.js';
import type { Selection } from './selection.js';
import { SHAREPOINT_FEATURE, type FilesAccess } from './useFilesAccess.js';

interface Props {
  access: FilesAccess;
  selection: Selection;
  onToggle(entry: DriveEntry): void;
}

export function SharePointTab({ access, selection, onToggle }: Props) {
  const [refused, setRefused] = useState<ApiError | null>(null);
  if (access.sharepoint === 'unavailable') return <p className="empty">Attaching SharePoint files is coming soon.</p>;
  // The server knows best whether SharePoint works for this user (an admin's approval for the org
  // reaches the account only on its next token), so the sites are asked for and a 403 means "not yet".
  if (refused) return <AskAdmin refusal={refused} />;
  return <SitePicker selection={selection} onToggle={onToggle} onRefused={setRefused} />;
}

function AskAdmin({ refusal }: { refusal: ApiError }) {
  const { busy, error, run } = useAction();
  const enable = () => void run(async () => goTo((await microsoft.enable(SHAREPOINT_FEATURE)).authorizeUrl), { keepBusy: true });
  return (
    <div className="notice sharepoint-gate" data-testid="sharepoint-gate">
      <p>
        SharePoint needs an administrator of your Microsoft 365 organization to approve it once for everyone (the “Read items in all site
        collections” permission, Sites.Read.All). Ask them to sign in to Tandem and click <strong>Authorize SharePoint for the org</strong> in
        Settings → Integrations. After that, everyone in your organization can attach SharePoint files here without another prompt.
      </p>
      <p className="hint">
        Are you an administrator? <Link to="/settings/integrations">Authorize SharePoint in Settings → Integrations</Link>.
      </p>
      <p className="hint">{refusal.message}</p>
      {/* Some organizations let people approve it themselves: worth a try unless the tenant already said no. */}
      {refusal.code === 'feature_not_granted' && (
        <button type="button" disabled={busy} onClick={enable}>
          Enable SharePoint for me
        </button>
      )}
      <ErrorText error={error} />
    </div>
  );
}

interface SitePickerProps {
  selection: Selection;
  onToggle(entry: DriveEntry): void;
  /** The server refused SharePoint (403): the tab goes back to saying what to ask for. */
  onRefused(refusal: ApiError): void;
}

function SitePicker({ selection, onToggle, onRefused }: SitePickerProps) {
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 300);
  const [sites, setSites] = useState<Site[] | null>(null);
  const [site, setSite] = useState<Site | null>(null);
  const [libraries, setLibraries] = useState<Library[] | null>(null);
  const [library, setLibrary] = useState<Library | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    files.sites(q).then(
      (r) => live && setSites(r.sites),
      (err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 403) onRefused(err);
        else setError(errorMessage(err));
      },
    );
    return () => {
      live = false;
    };
  }, [q, onRefused]);

  useEffect(() => {
    if (!site) return;
    let live = true;
    setLibraries(null);
    files.libraries(site.id).then(
      (r) => {
        if (!live) return;
        setLibraries(r.libraries);
        // Most sites have one library: go straight into it.
        if (r.libraries.length === 1) setLibrary(r.libraries[0]!);
      },
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [site]);

  const path = (
    <nav aria-label="SharePoint path" className="crumbs drive-crumbs">
      <button
        type="button"
        className="crumb"
        onClick={() => {
          setSite(null);
          setLibrary(null);
        }}
      >
        Sites
      </button>
      {site && (
        <>
          {' / '}
          <button type="button" className="crumb" onClick={() => setLibrary(null)}>
            {site.name}
          </button>
        </>
      )}
    </nav>
  );

  if (site && library) {
    return (
      <div>
        {path}
        <DriveBrowser key={library.driveId} driveId={library.driveId} rootLabel={library.name} selection={selection} onToggle={onToggle} />
      </div>
    );
  }
  if (site) {
    return (
      <div>
        {path}
        <ErrorText error={error} />
        {libraries === null ? (
          <p className="empty">Loading…</p>
        ) : libraries.length ? (
          <ul className="drive-items" aria-label="Document libraries">
            {libraries.map((l) => (
              <li key={l.driveId} className="drive-item">
                <FileIcon kind="folder" name={l.name} />
                <button type="button" className="folder-link" onClick={() => setLibrary(l)}>
                  {l.name}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">This site has no document libraries you can read.</p>
        )}
      </div>
    );
  }
  return (
    <div>
      <label className="drive-search">
        <span className="visually-hidden">Search SharePoint sites</span>
        <input type="search" placeholder="Search SharePoint sites" value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      <ErrorText error={error} />
      {sites === null ? (
        !error && <p className="empty">Loading…</p>
      ) : sites.length ? (
        <ul className="drive-items" aria-label="SharePoint sites">
          {sites.map((s) => (
            <li key={s.id} className="drive-item">
              <span className="drive-item-main">
                <button type="button" className="folder-link" onClick={() => setSite(s)}>
                  {s.name}
                </button>
                {s.description && <span className="muted drive-item-meta">{s.description}</span>}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{q ? 'No site you can read matches.' : 'No sites you can read.'}</p>
      )}
    </div>
  );
}
