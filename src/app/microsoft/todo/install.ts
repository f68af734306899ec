import { installTaskSyncPort } from '../../../crm/taskSync.js';
import type { MicrosoftIntegration } from '../integration.js';
import { todoTaskSyncPort } from './taskSyncPort.js';

/** CRM tasks opted in per task go to the owner's Microsoft To Do (the manifest brings changes back). */
export function installTodo(integration: MicrosoftIntegration): void {
  installTaskSyncPort(integration.database.db, todoTaskSyncPort(integration));
}
