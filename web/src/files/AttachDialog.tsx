/**
 * "Attach from OneDrive": a modal picker over the user's OneDrive and, as a second tab, SharePoint.
 * What is ticked stays ticked across folders, searches and tabs; Attach links all of it at once.
 * Nothing is copied: the record keeps a link to each item.
 */
import { useEffect, useRef, useState } from 'react';
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';
import { DriveBrowser } from './DriveBrowser.js';
import { files, type DriveEntry, type FileLink, type RecordRef } from './filesApi.js';
import { toggled, type Selection } from './selection.js';
import { SharePointTab } from './SharePointTab.js';
import type { FilesAccess } from './useFilesAccess.js';

interface Props {
  record: RecordRef;
  access: FilesAccess;
  onAttached(links: FileLink[]): void;
  onClose(): void;
}

type Tab = 'onedrive' | 'sharepoint';

/** The server attaches at most this many items per request. */
const MAX_AT_ONCE = 50;

export function AttachDialog({ record, access, onAttached, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [tab, setTab] = useState<Tab>('onedrive');
  const [selection, setSelection] = useState<Selection>(new Map());
  const { busy, error, run } = useAction();
  const toggle = (entry: DriveEntry) => setSelection((prev) => toggled(prev, entry));

  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal?.();
    return () => el?.close?.();
  }, []);

  const attach = () =>
    void run(async () => {
      const items = [...selection.values()].map(({ driveId, itemId }) => ({ driveId, itemId }));
      onAttached((await files.attach(record, items)).files);
      onClose();
    }, { keepBusy: true });
  const count = selection.size;
  const tooMany = count > MAX_AT_ONCE;

  return (
    <dialog
      ref={dialog}
      className="attach-dialog"
      aria-labelledby="attach-title"
      // Escape closes the native dialog; the panel has to hear of it.
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="attach-head">
        <h2 id="attach-title">Attach files</h2>
        <button type="button" className="link-button" aria-label="Close" onClick={onClose}>
          ✕
        </button>
      </div>
      <div className="attach-tabs" role="tablist" aria-label="Where from">
        <button type="button" role="tab" aria-selected={tab === 'onedrive'} onClick={() => setTab('onedrive')}>
          OneDrive
        </button>
        <button type="button" role="tab" aria-selected={tab === 'sharepoint'} onClick={() => setTab('sharepoint')}>
          SharePoint
        </button>
      </div>
      <div className="attach-body" role="tabpanel" aria-label={tab === 'onedrive' ? 'OneDrive' : 'SharePoint'}>
        {tab === 'onedrive' ? (
          <DriveBrowser driveId={null} rootLabel="My files" selection={selection} onToggle={toggle} />
        ) : (
          <SharePointTab access={access} selection={selection} onToggle={toggle} />
        )}
      </div>
      <div className="attach-foot">
        <span className="muted" data-testid="attach-count" aria-live="polite">
          {count === 0 ? 'Nothing selected' : tooMany ? `${count} selected: attach at most ${MAX_AT_ONCE} at a time` : `${count} selected`}
        </span>
        <button type="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={busy || count === 0 || tooMany} onClick={attach}>
          {count > 1 ? `Attach ${count} items` : 'Attach'}
        </button>
      </div>
      <ErrorText error={error} />
    </dialog>
  );
}
