/**
 * Shapes of the REST API's answers (the web app depends on nothing else of the server). Each is an
 * alias into schema.gen.ts, generated from the server's OpenAPI document by `npm run gen:api-types`,
 * so a change to a route's schema surfaces here as a type error instead of drifting silently.
 *
 * Hand-written, because no route's schema describes it: `Page<T>` (a generic over every list
 * answer; the lists themselves are typed by their routes in resources.ts).
 */
import type { ApiRequestBodies, ApiResponses } from './schema.gen.js';

/** A route's 2xx answer (answer schemas list every key as required: see answerObject on the server). */
export type Answer<K extends keyof ApiResponses> = ApiResponses[K];
/** The item type of a route that answers `{ items: [...] }`. */
export type ItemOf<K extends keyof ApiResponses> = Answer<K> extends { items: ReadonlyArray<infer Item> } ? Item : never;
export type RequestBody<K extends keyof ApiRequestBodies> = ApiRequestBodies[K];

export type Session = Answer<'GET /api/session'>;
export type User = Session['user'];
export type WorkspaceRef = ItemOf<'GET /api/workspaces'>;
export type Member = ItemOf<'GET /api/workspaces/{id}/members'>;
export type Role = WorkspaceRef['role'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Person = Answer<'GET /api/people/{id}'>;
export type Company = Answer<'GET /api/companies/{id}'>;
export type Task = Answer<'GET /api/tasks/{id}'>;
export type TaskStatus = Task['status'];
export type Activity = ItemOf<'GET /api/people/{id}/timeline'>;
export type ActivityKind = Activity['kind'];

export type ApiTokenInfo = ItemOf<'GET /api/tokens'>;
export type CreatedApiToken = Answer<'POST /api/tokens'>;

export type Integrations = Answer<'GET /api/integrations'>;
/** GET /api/integrations' Microsoft entry (the Settings card reads GET /api/microsoft for the rest). */
export type MicrosoftIntegration = Integrations['microsoft'];
