import type { RecordRef } from '../../../microsoft/sync/drive/fileLinks.js';
import { filesChangedEvent } from '../../../microsoft/sync/drive/liveEvent.js';
import type { MicrosoftIntegration } from '../integration.js';

/** Tells the workspace's open Files panels of these records to refetch; a failed publish only costs a live refresh. */
export async function publishFilesChanged(integration: MicrosoftIntegration, workspaceId: string, records: RecordRef[]): Promise<void> {
  const event = filesChangedEvent(workspaceId, records);
  if (!event) return;
  try {
    await integration.live.publish(event);
  } catch (err) {
    integration.log.warn({ err }, 'live event publish failed');
  }
}
