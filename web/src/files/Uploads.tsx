/**
 * "Upload": files from the computer go into the record's OneDrive folder, one upload session each,
 * with a progress bar per file that stays after the end to say how it went.
 */
import { useRef, useState } from 'react';
import { errorMessage } from '../api/client.js';
import type { FileLink, RecordRef } from './filesApi.js';
import { formatSize } from './format.js';
import { nameProblem } from './names.js';
import { startUpload, UploadCancelled, type UploadHandle } from './upload.js';

interface Upload {
  key: number;
  name: string;
  size: number;
  sent: number;
  status: 'uploading' | 'done' | 'failed' | 'cancelled';
  error: string | null;
  handle: UploadHandle | null;
}

interface Props {
  record: RecordRef;
  onUploaded(link: FileLink): void;
}

let nextKey = 1;

export function Uploads({ record, onUploaded }: Props) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const update = (key: number, patch: Partial<Upload>) => setUploads((prev) => prev.map((u) => (u.key === key ? { ...u, ...patch } : u)));

  const begin = (file: File) => {
    const key = nextKey++;
    const problem = nameProblem(file.name);
    if (problem) {
      setUploads((prev) => [...prev, { key, name: file.name, size: file.size, sent: 0, status: 'failed', error: problem, handle: null }]);
      return;
    }
    const handle = startUpload(record, file, (sent) => update(key, { sent }));
    setUploads((prev) => [...prev, { key, name: file.name, size: file.size, sent: 0, status: 'uploading', error: null, handle }]);
    handle.done.then(
      (link) => {
        update(key, { status: 'done', sent: file.size, handle: null });
        onUploaded(link);
      },
      (err: unknown) => update(key, err instanceof UploadCancelled ? { status: 'cancelled', handle: null } : { status: 'failed', error: errorMessage(err), handle: null }),
    );
  };

  return (
    <div className="file-uploads">
      <label className="file-upload-button">
        <span>Upload</span>
        <input
          ref={input}
          type="file"
          multiple
          className="visually-hidden"
          aria-label="Upload files to OneDrive"
          onChange={(e) => {
            for (const file of Array.from(e.target.files ?? [])) begin(file);
            // The same file chosen again must fire change again.
            e.target.value = '';
          }}
        />
      </label>
      {uploads.length > 0 && (
        <ul className="upload-list" aria-label="Uploads">
          {uploads.map((u) => (
            <UploadRow key={u.key} upload={u} onDismiss={() => setUploads((prev) => prev.filter((x) => x.key !== u.key))} />
          ))}
        </ul>
      )}
    </div>
  );
}

function UploadRow({ upload, onDismiss }: { upload: Upload; onDismiss(): void }) {
  const percent = upload.size ? Math.floor((upload.sent / upload.size) * 100) : 0;
  const status =
    upload.status === 'done' ? 'Uploaded' : upload.status === 'cancelled' ? 'Cancelled' : upload.status === 'failed' ? 'Failed' : `${percent}%`;
  return (
    <li className={`upload upload-${upload.status}`} data-testid="upload-row" data-status={upload.status}>
      <div className="upload-line">
        <span className="upload-name">{upload.name}</span>
        <span className="muted">
          {formatSize(upload.size)} · {status}
        </span>
        {upload.handle ? (
          <button type="button" className="link-button" aria-label={`Cancel upload of ${upload.name}`} onClick={() => upload.handle?.cancel()}>
            Cancel
          </button>
        ) : (
          <button type="button" className="link-button" aria-label={`Dismiss ${upload.name}`} onClick={onDismiss}>
            Dismiss
          </button>
        )}
      </div>
      {upload.status !== 'failed' && upload.status !== 'cancelled' && (
        <progress max={upload.size || 1} value={upload.status === 'done' ? upload.size || 1 : upload.sent} aria-label={`Upload progress of ${upload.name}`} />
      )}
      {upload.error && (
        <span className="error" role="alert">
          {upload.error}
        </span>
      )}
    </li>
  );
}
