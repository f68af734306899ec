/** "New folder": a folder made inside the record's OneDrive folder and attached to the record. */
import { useState } from 'react';
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';
import { files, type FileLink, type RecordRef } from './filesApi.js';
import { nameProblem } from './names.js';

export function NewFolder({ record, onCreated, onClose }: { record: RecordRef; onCreated(link: FileLink): void; onClose(): void }) {
  const [name, setName] = useState('');
  const { busy, error, setError, run } = useAction();

  const submit = async () => {
    const problem = nameProblem(name);
    if (problem) return setError(problem);
    const ok = await run(async () => onCreated(await files.newFolder(record, name)));
    if (ok) onClose();
  };

  return (
    <form
      className="inline-form new-folder"
      aria-label="New folder"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        Folder name
        <input type="text" value={name} autoFocus disabled={busy} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy || !name.trim()}>
        Create folder
      </button>
      <button type="button" disabled={busy} onClick={onClose}>
        Cancel
      </button>
      <p className="hint">It is made in this record’s folder in your OneDrive.</p>
      <ErrorText error={error} />
    </form>
  );
}
