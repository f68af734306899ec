import { GraphError } from '../http/errors.js';

/**
 * OneDrive and SharePoint answer in the same error shape as the rest of Graph, but with their own
 * lower-camel codes (Graph's OneDrive error list), not Outlook's `ErrorItemNotFound` family.
 */
export const driveNotFound = (what = 'The resource could not be found.') => new GraphError(404, 'itemNotFound', what);
export const driveAccessDenied = () => new GraphError(403, 'accessDenied', 'Access denied');
export const invalidRequest = (message: string) => new GraphError(400, 'invalidRequest', message);
export const nameAlreadyExists = () => new GraphError(409, 'nameAlreadyExists', 'The specified item name already exists.');
export const resourceModified = () =>
  new GraphError(412, 'resourceModified', 'ETag does not match current item\'s value');
export const quotaLimitReached = () =>
  new GraphError(507, 'quotaLimitReached', 'Insufficient Space Available');
export const invalidRange = (message: string) => new GraphError(416, 'invalidRange', message);
export const tooLarge = (message: string) => new GraphError(413, 'requestTooLarge', message);
export const notAllowed = (message: string) => new GraphError(405, 'notSupported', message);
