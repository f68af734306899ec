/**
 * Opening an attached file in a new tab. The tab is opened blank while the click is still being
 * handled (popup blockers allow only that), then pointed at the file once the server has checked the
 * user's own Microsoft account may open it; when it may not, the tab closes and the user is told why.
 */
import { ApiError } from '../api/client.js';
import { files } from './filesApi.js';

export const NO_ACCESS = "You don't have access to this file with your Microsoft account.";

/** Resolves null when the file opened, or the words to show when it did not. */
export async function openFile(linkId: string): Promise<string | null> {
  const tab = window.open('', '_blank');
  try {
    const { url } = await files.open(linkId);
    if (tab) {
      // The file's site must not reach back into Tandem through window.opener.
      tab.opener = null;
      tab.location.href = url;
    } else {
      window.location.assign(url);
    }
    return null;
  } catch (err) {
    tab?.close();
    // Not connected or OneDrive not granted are 403s too, but the server's words say what to do there.
    if (err instanceof ApiError && (err.code === 'file_no_access' || (err.status === 403 && !['feature_not_granted', 'not_connected'].includes(err.code)))) return NO_ACCESS;
    if (err instanceof ApiError && err.status === 404) return 'This file is no longer in OneDrive. Detach it to remove it from the record.';
    return err instanceof Error ? err.message : 'The file could not be opened. Try again in a moment.';
  }
}
