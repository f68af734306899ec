/**
 * The Files panel of a person, company or task: the OneDrive and SharePoint items linked to the
 * record, kept current live, and (when this user's OneDrive is granted) Attach, Upload and New folder.
 * The list is the workspace's, so it shows whatever this user's own Microsoft access is.
 */
import { useState } from 'react';
import { ErrorText } from '../components/ErrorText.js';
import { AttachDialog } from './AttachDialog.js';
import { EnableFiles } from './EnableFiles.js';
import { FileRow } from './FileRow.js';
import { files as filesApi, type FileLink, type RecordRef } from './filesApi.js';
import { NewFolder } from './NewFolder.js';
import { Uploads } from './Uploads.js';
import { useFilesAccess } from './useFilesAccess.js';
import { useRecordFiles } from './useRecordFiles.js';
import './files.css';

export function FilesPanel({ record, heading = 'h2' }: { record: RecordRef; heading?: 'h2' | 'h3' }) {
  const access = useFilesAccess();
  // Tandem without files (coming soon) has no links to show; anything else lists them.
  const listed = access.onedrive !== 'unavailable' && access.onedrive !== 'loading';
  const list = useRecordFiles(record, listed);
  const [picking, setPicking] = useState(false);
  const [naming, setNaming] = useState(false);
  const Heading = heading;
  const titleId = `files-${record.type}-${record.id}`;

  const onDetach = async (file: FileLink) => {
    await filesApi.detach(record, file.id);
    list.remove(file.id);
  };

  return (
    <section className="files-panel" aria-labelledby={titleId} data-testid="files-panel">
      <Heading id={titleId}>Files</Heading>
      {access.onedrive === 'granted' ? (
        <div className="actions files-actions">
          <button type="button" className="primary" onClick={() => setPicking(true)}>
            Attach from OneDrive
          </button>
          <button type="button" onClick={() => setNaming(true)} disabled={naming}>
            New folder
          </button>
          <Uploads record={record} onUploaded={(link) => list.add([link])} />
        </div>
      ) : (
        <EnableFiles state={access.onedrive} />
      )}
      {naming && <NewFolder record={record} onCreated={(link) => list.add([link])} onClose={() => setNaming(false)} />}
      {picking && <AttachDialog record={record} access={access} onAttached={list.add} onClose={() => setPicking(false)} />}
      {listed && <ErrorText error={list.error} />}
      {listed &&
        (list.files.length ? (
          <ul className="file-list" aria-label="Attached files">
            {list.files.map((file) => (
              <FileRow key={file.id} file={file} onDetach={onDetach} />
            ))}
          </ul>
        ) : (
          !list.error && <p className="empty">{list.loading ? 'Loading…' : 'No files attached.'}</p>
        ))}
    </section>
  );
}
