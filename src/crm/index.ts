/** The CRM domain's public surface for the HTTP layer and the Microsoft integration. */
export * from './errors.js';
export * from './pagination.js';
export * from './accounts.js';
export * from './sessions.js';
export * from './apiTokens.js';
export * from './workspaces.js';
export * from './people.js';
export * from './companies.js';
export * from './tasks.js';
export * from './activities.js';
