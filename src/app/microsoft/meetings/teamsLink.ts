import type { OnlineMeeting } from '@microsoft/microsoft-graph-types';
import { feature, missingScopes } from '../../../microsoft/catalogue.js';
import { isMicrosoftError } from '../../../microsoft/graph/errors.js';
import type { Caller } from '../calendar/access.js';
import { CalendarError } from '../calendar/errors.js';
import type { MicrosoftIntegration } from '../integration.js';

export interface TeamsLinkInput {
  subject: string;
  /** ISO instants; default now and an hour later. */
  start?: string;
  end?: string;
}

export interface TeamsLink {
  joinUrl: string;
  subject: string;
  start: string;
  end: string;
}

const HOUR = 3_600_000;

function instant(field: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const t = /T.*(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw new CalendarError(400, 'validation_failed', `Check ${field}: "${value}" needs to be an ISO-8601 date-time with Z or an offset.`);
  return t;
}

/**
 * A standalone Teams meeting (POST /me/onlineMeetings, OnlineMeetings.ReadWrite): a join link to
 * paste into a message or share, with no calendar event. Work or school accounts only; Microsoft's
 * refusal becomes a sentence the user can act on.
 */
export async function createTeamsLink(integration: MicrosoftIntegration, caller: Caller, input: TeamsLinkInput): Promise<TeamsLink> {
  const subject = input.subject.trim();
  if (!subject) throw new CalendarError(400, 'validation_failed', 'Check subject: it must not be blank.');
  const start = instant('start', input.start, Date.now());
  const end = instant('end', input.end, start + HOUR);
  if (end <= start) throw new CalendarError(400, 'validation_failed', 'Check end: it must be after start.');
  const account = await integration.accounts.byUser(caller.userId);
  if (!account || account.status === 'disconnecting') {
    throw new CalendarError(409, 'not_connected', 'Connect Microsoft 365 in Settings → Integrations to create Teams meeting links.');
  }
  if (missingScopes('teamsMeetings', account.grantedScopes).length) {
    throw new CalendarError(403, 'feature_not_granted', `Enable ${feature('teamsMeetings').title} in Settings → Integrations → Microsoft 365 to create Teams links.`);
  }
  try {
    const res = await integration.graph.request<OnlineMeeting>(account.id, {
      method: 'POST', path: '/me/onlineMeetings',
      body: { subject, startDateTime: new Date(start).toISOString(), endDateTime: new Date(end).toISOString() },
    });
    const joinUrl = res.body?.joinWebUrl;
    if (!joinUrl) throw new CalendarError(503, 'microsoft_unavailable', 'Microsoft Teams answered without a join link. Try again in a moment.');
    return { joinUrl, subject, start: new Date(start).toISOString(), end: new Date(end).toISOString() };
  } catch (err) {
    // Graph answers 403, or for a personal account a 400 AuthenticationError: either way a refusal
    // of this account, not an outage.
    if (isMicrosoftError(err, 'forbidden') || isMicrosoftError(err, 'invalidRequest')) {
      throw new CalendarError(403, 'feature_not_granted', 'Microsoft refused to create a Teams meeting for this account. Personal Microsoft accounts, and accounts without a Teams licence, cannot host them.');
    }
    throw err;
  }
}
