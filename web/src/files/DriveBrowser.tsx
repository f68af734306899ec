/**
 * A drive in the picker: its folders with breadcrumbs, Load more, and a search box; files and
 * folders are ticked to be attached, and a folder's name opens it.
 */
import { useState } from 'react';
import { ErrorText } from '../components/ErrorText.js';
import { LoadMore } from '../components/LoadMore.js';
import { useDebounced } from '../hooks/useDebounced.js';
import { files, type DriveEntry } from './filesApi.js';
import { FileIcon } from './FileIcon.js';
import { formatModified, formatSize } from './format.js';
import { selectionKey, type Selection } from './selection.js';
import { useDriveListing } from './useDriveListing.js';

interface Props {
  /** null: the user's own OneDrive. */
  driveId: string | null;
  /** What the drive's root is called in the breadcrumbs until the server names it. */
  rootLabel: string;
  selection: Selection;
  onToggle(entry: DriveEntry): void;
}

export function DriveBrowser({ driveId, rootLabel, selection, onToggle }: Props) {
  const [folder, setFolder] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 300);
  const listing = useDriveListing(
    (cursor) => (q ? files.search({ q, driveId, cursor }) : files.browse({ driveId, itemId: folder, cursor })),
    JSON.stringify([driveId, folder, q]),
  );
  const open = (itemId: string | null) => {
    setQuery('');
    setFolder(itemId);
  };
  const rootName = listing.drive?.name ?? rootLabel;
  // From the root down to the folder shown, that folder last; before the first answer, just the root.
  const crumbs = listing.breadcrumbs.length ? listing.breadcrumbs : [{ itemId: '', name: rootName }];

  return (
    <div className="drive-browser">
      <label className="drive-search">
        <span className="visually-hidden">Search {rootName}</span>
        <input type="search" placeholder={`Search ${rootName}`} value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      {q ? (
        <p className="crumbs drive-crumbs">Results for “{q}” in {rootName}</p>
      ) : (
        <nav aria-label="Folder path" className="crumbs drive-crumbs">
          {crumbs.map((c, i) => (
            <span key={`${i}-${c.itemId}`}>
              {i > 0 && ' / '}
              <button type="button" className="crumb" aria-current={i === crumbs.length - 1 ? 'location' : undefined} onClick={() => open(i === 0 ? null : c.itemId)}>
                {c.name}
              </button>
            </span>
          ))}
        </nav>
      )}
      <ErrorText error={listing.error} />
      {listing.items.length ? (
        <ul className="drive-items" aria-label={q ? 'Search results' : 'Folder contents'}>
          {listing.items.map((entry) => (
            <EntryRow key={selectionKey(entry)} entry={entry} checked={selection.has(selectionKey(entry))} onToggle={onToggle} onOpen={open} />
          ))}
        </ul>
      ) : (
        !listing.error && <p className="empty">{listing.loading ? 'Loading…' : q ? 'Nothing matches.' : 'This folder is empty.'}</p>
      )}
      <LoadMore hasMore={listing.hasMore} loading={listing.loading} onMore={listing.loadMore} />
    </div>
  );
}

function EntryRow({ entry, checked, onToggle, onOpen }: { entry: DriveEntry; checked: boolean; onToggle(e: DriveEntry): void; onOpen(itemId: string): void }) {
  const meta = [entry.kind === 'folder' ? (entry.childCount !== null ? `${entry.childCount} items` : '') : formatSize(entry.size), formatModified(entry.modifiedAt, entry.modifiedBy)].filter(Boolean);
  return (
    <li className="drive-item" data-testid="drive-item" data-kind={entry.kind}>
      <input type="checkbox" checked={checked} aria-label={`Select ${entry.name}`} onChange={() => onToggle(entry)} />
      <FileIcon kind={entry.kind} name={entry.name} />
      <span className="drive-item-main">
        {entry.kind === 'folder' ? (
          <button type="button" className="folder-link" aria-label={`Open folder ${entry.name}`} onClick={() => onOpen(entry.itemId)}>
            {entry.name}
          </button>
        ) : (
          <span className="file-name">{entry.name}</span>
        )}
        <span className="muted drive-item-meta">{meta.join(' · ')}</span>
      </span>
    </li>
  );
}
