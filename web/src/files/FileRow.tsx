/** One attached file: what it is, where it lives, Open, and Detach (which never touches the file itself). */
import { useState } from 'react';
import { formatDateTime } from '../components/format.js';
import { useAction } from '../hooks/useAction.js';
import type { FileLink } from './filesApi.js';
import { FileIcon } from './FileIcon.js';
import { formatModified, formatSize, SOURCE_LABEL } from './format.js';
import { openFile } from './openFile.js';

interface Props {
  file: FileLink;
  onDetach(file: FileLink): Promise<void>;
}

export function FileRow({ file, onDetach }: Props) {
  const detach = useAction();
  const [openError, setOpenError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const deleted = file.state === 'deleted';
  const where = SOURCE_LABEL[file.source];

  return (
    <li className={`file-row${deleted ? ' file-deleted' : ''}`} data-testid="file-row" data-state={file.state} data-kind={file.kind}>
      <FileIcon kind={file.kind} name={file.name} />
      <div className="file-main">
        <span className="file-name">{file.name}</span>
        <span className="file-meta muted">
          {deleted && <strong className="file-deleted-note">Deleted in {where} · </strong>}
          {[where, file.parentPath].filter(Boolean).join(' · ')}
        </span>
        <span className="file-meta muted">
          {[file.kind === 'file' ? formatSize(file.size) : '', formatModified(file.modifiedAt, file.modifiedBy)].filter(Boolean).join(' · ')}
        </span>
        <span className="file-meta muted" title={`Attached ${formatDateTime(file.attachedAt)}`}>
          Attached by {file.attachedBy.name ?? 'a member'}
        </span>
        {openError && (
          <span className="error" role="alert">
            {openError}
          </span>
        )}
        {detach.error && (
          <span className="error" role="alert">
            {detach.error}
          </span>
        )}
        {confirming && (
          <span className="confirm" role="alertdialog" aria-label={`Confirm detach ${file.name}`}>
            <span>Detach “{file.name}” from this record? The {file.kind} stays in {where}.</span>
            <button type="button" className="danger" disabled={detach.busy} onClick={() => void detach.run(() => onDetach(file), { keepBusy: true })}>
              Detach
            </button>
            <button type="button" disabled={detach.busy} onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        )}
      </div>
      <div className="file-actions">
        {!deleted && (
          <button type="button" aria-label={`Open ${file.name}`} onClick={() => void openFile(file.id).then(setOpenError)}>
            Open
          </button>
        )}
        {!confirming && (
          <button type="button" className="link-button" aria-label={`Detach ${file.name}`} onClick={() => setConfirming(true)}>
            Detach
          </button>
        )}
      </div>
    </li>
  );
}
