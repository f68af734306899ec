/** JSON-schema building blocks shared by routes; they also feed the OpenAPI document. */
import { errorResponseSchema } from './errors.js';

export const idPattern = '^[A-Za-z0-9_-]{1,64}$';
export const idString = { type: 'string', pattern: idPattern } as const;
export const nullableId = { type: ['string', 'null'], pattern: idPattern } as const;

export const idParams = {
  type: 'object',
  properties: { id: idString },
  required: ['id'],
  additionalProperties: false,
} as const;

/** Querystrings stay strings (no type coercion anywhere); the handlers parse them. */
export const pageQueryProps = {
  limit: { type: 'string', pattern: '^[0-9]{1,3}$', description: '1..200, default 50' },
  cursor: { type: 'string', maxLength: 512, pattern: '^[A-Za-z0-9_-]+$' },
} as const;

export const emptyQuery = { type: 'object', properties: {}, additionalProperties: false } as const;

export function parseLimit(limit: string | undefined): number | undefined {
  return limit === undefined ? undefined : Number(limit);
}

const nullableText = (max: number) => ({ type: ['string', 'null'], maxLength: max }) as const;
export const text = { nullable: nullableText };

/**
 * An answer object that always carries every listed key (null when empty), so API clients and the
 * web app's generated types can rely on each one. The serializer refuses to send one missing.
 */
export function answerObject<P extends Record<string, unknown>>(properties: P) {
  return { type: 'object', properties, required: Object.keys(properties) } as const;
}

const timestamps = { createdAt: { type: 'string' }, updatedAt: { type: 'string' } } as const;

export const personSchema = answerObject({
  id: { type: 'string' }, name: { type: 'string' }, emails: { type: 'array', items: { type: 'string' } },
  phones: { type: 'array', items: { type: 'string' } }, companyId: { type: ['string', 'null'] }, jobTitle: { type: ['string', 'null'] },
  notes: { type: ['string', 'null'] }, ...timestamps,
});

/** A person as the REST API answers it: with where the person came from, when an area made them. */
export const personWithOriginSchema = answerObject({
  ...personSchema.properties,
  origin: { type: ['string', 'null'], description: "Where the person came from when Tandem made them from synced data, e.g. \"From mail — adele@contoso.com's mailbox\"; null for people made in the CRM." },
});

export const companySchema = answerObject({
  id: { type: 'string' }, name: { type: 'string' }, domain: { type: ['string', 'null'] }, notes: { type: ['string', 'null'] }, ...timestamps,
});

export const taskSchema = answerObject({
  id: { type: 'string' }, title: { type: 'string' }, dueDate: { type: ['string', 'null'] }, status: { type: 'string', enum: ['open', 'done'] },
  assigneeId: { type: ['string', 'null'] }, personId: { type: ['string', 'null'] }, companyId: { type: ['string', 'null'] },
  notes: { type: ['string', 'null'] }, importance: { type: 'string', enum: ['low', 'normal', 'high'] },
  syncToDo: { type: 'boolean', description: 'synced with the Microsoft To Do of the user who turned it on' }, ...timestamps,
});

export const activitySchema = answerObject({
  id: { type: 'string' }, kind: { type: 'string', enum: ['note', 'email', 'meeting', 'task'] }, occurredAt: { type: 'string' },
  title: { type: ['string', 'null'] }, body: { type: ['string', 'null'] }, personId: { type: ['string', 'null'] },
  companyId: { type: ['string', 'null'] },
  source: {
    type: ['object', 'null'], additionalProperties: true,
    description: 'where it came from: type "crm" (entered in Tandem) or "microsoft" (synced), with the source id and details',
    properties: { type: { type: 'string' }, id: { type: 'string' } },
    required: ['type'],
  },
  createdAt: { type: 'string' },
});

export function pageOf(item: object) {
  return answerObject({ items: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } });
}

/** Error responses every route may give; listed so the OpenAPI document shows them. */
export function withErrors(responses: Record<number, unknown>): Record<number, unknown> {
  return { ...responses, 400: errorResponseSchema, 401: errorResponseSchema, 404: errorResponseSchema };
}

export const noteBody = {
  type: 'object',
  properties: { body: { type: 'string', minLength: 1, maxLength: 100_000 } },
  required: ['body'],
  additionalProperties: false,
} as const;
