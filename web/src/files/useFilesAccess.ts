/**
 * What this user may do with files: the OneDrive and SharePoint features' states in their
 * Microsoft 365 connection. Reloaded when the connection changes or the live stream reconnects.
 */
import { useCallback, useEffect, useState } from 'react';
import { RECONNECTED, useLiveEvent } from '../live.js';
import { microsoft, type Feature } from '../settings/microsoft/api.js';

export const ONEDRIVE_FEATURE = 'onedrive';
export const SHAREPOINT_FEATURE = 'sharepoint';

/** 'unavailable': this Tandem does not offer files yet (coming soon) or the connection could not be read. */
export type FilesAccessState = 'loading' | 'granted' | 'not_granted' | 'needs_admin_approval' | 'not_connected' | 'needs_reconnect' | 'unavailable';

export interface FilesAccess {
  onedrive: FilesAccessState;
  sharepoint: FilesAccessState;
  onedriveFeature: Feature | null;
  sharepointFeature: Feature | null;
}

function stateOf(status: string | undefined, feature: Feature | null): FilesAccessState {
  if (!feature || feature.state === 'coming_soon') return 'unavailable';
  if (status === 'not_connected' || status === 'disconnecting') return 'not_connected';
  // Granted, but Tandem lost the account's tokens: every files call would fail until a reconnect.
  if (status === 'needs_reconnect') return 'needs_reconnect';
  if (feature.state === 'granted') return 'granted';
  return feature.state === 'needs_admin_approval' ? 'needs_admin_approval' : 'not_granted';
}

export function useFilesAccess(): FilesAccess {
  const [access, setAccess] = useState<FilesAccess>({ onedrive: 'loading', sharepoint: 'loading', onedriveFeature: null, sharepointFeature: null });
  const load = useCallback(async () => {
    const connection = await microsoft.get().catch(() => null);
    const find = (id: string) => connection?.features.find((f) => f.id === id) ?? null;
    const onedriveFeature = find(ONEDRIVE_FEATURE);
    const sharepointFeature = find(SHAREPOINT_FEATURE);
    setAccess({
      onedrive: stateOf(connection?.status, onedriveFeature),
      sharepoint: stateOf(connection?.status, sharepointFeature),
      onedriveFeature,
      sharepointFeature,
    });
  }, []);
  useEffect(() => void load(), [load]);
  useLiveEvent(['microsoft.status', RECONNECTED], () => void load());
  return access;
}
