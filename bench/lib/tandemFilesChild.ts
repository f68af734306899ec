/**
 * bin/tandem.ts, as `npm start` runs it, with OneDrive and SharePoint offered: they are "coming
 * soon" in the catalogue until the lead turns them on, and a benchmark of the upload routes needs
 * a connection that has them. Nothing else differs.
 */
import { feature } from '../../src/microsoft/catalogue.js';

for (const id of ['onedrive', 'sharepoint'] as const) (feature(id) as { available: boolean }).available = true;
await import('../../bin/tandem.js');
