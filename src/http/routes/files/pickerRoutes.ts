import type { FastifyInstance } from 'fastify';
import { browse, type BrowseInput } from '../../../app/microsoft/files/browse.js';
import { searchDrive, type SearchInput } from '../../../app/microsoft/files/search.js';
import { searchSites, siteLibraries } from '../../../app/microsoft/files/sharepoint.js';
import type { MicrosoftIntegration } from '../../../app/microsoft/integration.js';
import { principalOf } from '../../auth.js';
import { useFilesErrors } from './errorHandler.js';
import { cursorString, filesErrors, graphId, librariesSchema, listingSchema, searchSchema, sitesSchema } from './pickerSchemas.js';

/**
 * The picker's reads: a OneDrive or SharePoint library folder by folder, search, and SharePoint
 * sites and their libraries. Every call runs with the requesting user's own Microsoft token.
 */
export function pickerRoutes(integration: MicrosoftIntegration) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('onRequest', app.authenticate);
    useFilesErrors(app);

    app.get<{ Querystring: BrowseInput }>('/api/files/browse', {
      schema: {
        tags: ['files'],
        description: 'One page of a folder: no driveId is your OneDrive, no itemId the root. Pass nextCursor back as cursor for the next page.',
        querystring: { type: 'object', properties: { driveId: graphId, itemId: graphId, cursor: cursorString }, additionalProperties: false },
        response: filesErrors({ 200: listingSchema }),
      },
    }, async (request) => browse(integration, principalOf(request), request.query));

    app.get<{ Querystring: SearchInput }>('/api/files/search', {
      schema: {
        tags: ['files'],
        description: 'Files and folders whose name (and, at Microsoft, content) matches q, in your OneDrive or the library driveId.',
        querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 255 }, driveId: graphId, cursor: cursorString }, additionalProperties: false },
        response: filesErrors({ 200: searchSchema }),
      },
    }, async (request) => searchDrive(integration, principalOf(request), request.query));

    app.get<{ Querystring: { q?: string } }>('/api/files/sharepoint/sites', {
      schema: {
        tags: ['files'],
        description: 'SharePoint sites you can read whose name matches q (all of them without q). Needs SharePoint (Sites.Read.All): 403 needs_admin_approval or feature_not_granted until then.',
        querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 255 } }, additionalProperties: false },
        response: filesErrors({ 200: sitesSchema }),
      },
    }, async (request) => searchSites(integration, principalOf(request), request.query.q));

    app.get<{ Params: { siteId: string } }>('/api/files/sharepoint/sites/:siteId/libraries', {
      schema: {
        tags: ['files'],
        description: "A site's document libraries; browse one with /api/files/browse?driveId=.",
        params: { type: 'object', properties: { siteId: { type: 'string', pattern: '^[A-Za-z0-9.,_-]{1,300}$' } }, required: ['siteId'], additionalProperties: false },
        response: filesErrors({ 200: librariesSchema }),
      },
    }, async (request) => siteLibraries(integration, principalOf(request), request.params.siteId));
  };
}
