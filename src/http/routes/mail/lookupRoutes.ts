import type { FastifyInstance } from 'fastify';
import type { InboxDeps } from '../../../app/microsoft/inbox/deps.js';
import { invalidInput } from '../../../app/microsoft/inbox/errors.js';
import { outOfOffice, suggestRecipients } from '../../../app/microsoft/inbox/lookups.js';
import { MAX_MAILTIPS_ADDRESSES } from '../../../microsoft/mail/mailTips.js';
import { principalOf } from '../../auth.js';
import { answerObject } from '../../schemas.js';
import { mailErrors } from './schemas.js';

const EMAIL = /^[^\s@,]{1,64}@[^\s@,]+\.[^\s@,]+$/;

/** "a@x.com,b@y.com" → addresses, each checked; 1..20 of them. */
export function parseAddressList(raw: string): string[] {
  const list = [...new Set(raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))];
  if (!list.length) throw invalidInput('Check emails: give at least one address, comma-separated.');
  if (list.length > MAX_MAILTIPS_ADDRESSES) throw invalidInput(`Check emails: send at most ${MAX_MAILTIPS_ADDRESSES} addresses per request.`);
  const bad = list.find((a) => a.length > 254 || !EMAIL.test(a));
  if (bad) throw invalidInput(`Check emails: "${bad}" is not an email address.`);
  return list;
}

export function lookupRoutes(deps: InboxDeps) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: { q: string } }>('/api/mail/suggestions', {
      schema: {
        tags: ['mail'],
        querystring: { type: 'object', properties: { q: { type: 'string', minLength: 1, maxLength: 100 } }, required: ['q'], additionalProperties: false },
        response: mailErrors({
          200: answerObject({
            items: {
              type: 'array',
              items: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' }, source: { type: 'string', enum: ['crm', 'microsoft'] }, personId: { type: 'string', description: 'the CRM person, for CRM suggestions' } }, required: ['name', 'address', 'source'] },
            },
          }),
        }),
      },
    }, async (request) => {
      const q = request.query.q.trim();
      if (!q) throw invalidInput('Check q: it must not be blank; type at least one character that is not a space.');
      return { items: await suggestRecipients(deps, principalOf(request), q) };
    });

    app.get<{ Querystring: { emails: string } }>('/api/mail/out-of-office', {
      schema: {
        tags: ['mail'],
        querystring: { type: 'object', properties: { emails: { type: 'string', minLength: 1, maxLength: 6000 } }, required: ['emails'], additionalProperties: false },
        response: mailErrors({
          200: answerObject({
            items: {
              type: 'array',
              items: answerObject({ address: { type: 'string' }, isOutOfOffice: { type: 'boolean' }, message: { type: ['string', 'null'] } }),
            },
          }),
        }),
      },
    }, async (request) => ({ items: await outOfOffice(deps, principalOf(request), parseAddressList(request.query.emails)) }));
  };
}
