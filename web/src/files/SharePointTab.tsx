/**
 * The picker's SharePoint tab. The server knows best whether SharePoint works for this user (an
 * admin's approval for the org reaches the account only with its next token), so the sites are
 * asked for, and a 403 turns the tab into what to ask the administrator for.
 */
import { useState } from 'react';
import type { ApiError } from '../api/client.js';
import { AskSharePointAdmin } from './AskSharePointAdmin.js';
import type { DriveEntry } from './filesApi.js';
import type { Selection } from './selection.js';
import { SitePicker } from './SitePicker.js';
import type { FilesAccess } from './useFilesAccess.js';

interface Props {
  access: FilesAccess;
  selection: Selection;
  onToggle(entry: DriveEntry): void;
}

export function SharePointTab({ access, selection, onToggle }: Props) {
  const [refused, setRefused] = useState<ApiError | null>(null);
  if (access.sharepoint === 'unavailable') return <p className="empty">Attaching SharePoint files is coming soon.</p>;
  if (refused) return <AskSharePointAdmin refusal={refused} />;
  return <SitePicker selection={selection} onToggle={onToggle} onRefused={setRefused} />;
}
