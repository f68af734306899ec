/** SharePoint in the picker: search sites, pick a document library, then browse it like OneDrive. */
import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../api/client.js';
import { ErrorText } from '../components/ErrorText.js';
import { useDebounced } from '../hooks/useDebounced.js';
import { DriveBrowser } from './DriveBrowser.js';
import { FileIcon } from './FileIcon.js';
import { files, type DriveEntry, type Library, type Site } from './filesApi.js';
import type { Selection } from './selection.js';

export interface SitePickerProps {
  selection: Selection;
  onToggle(entry: DriveEntry): void;
  /** The server refused SharePoint (403): the tab goes back to saying what to ask for. */
  onRefused(refusal: ApiError): void;
}

export function SitePicker({ selection, onToggle, onRefused }: SitePickerProps) {
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
