import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../../core/context.js';
import type { DirectoryUser } from '../../core/directory.js';
import { joinUrl } from '../calendar/ids.js';
import { badRequest } from '../http/errors.js';
import type { MeetingJson } from './store.js';

const HOUR = 3_600_000;
const ROLES = ['attendee', 'presenter', 'producer', 'coorganizer'];

/**
 * Graph reads these as DateTimeOffset; a value without an offset is taken as UTC (JavaScript
 * would read it as the server's local time).
 */
function instant(body: Record<string, unknown>, field: string, fallback: number): number {
  const v = body[field];
  if (v === undefined || v === null) return fallback;
  const text = typeof v === 'string' ? v.trim() : '';
  const withZone = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text}Z` : text;
  const t = withZone ? Date.parse(withZone) : NaN;
  if (Number.isNaN(t)) throw badRequest(`Invalid value for '${field}'.`);
  return t;
}

function identityOf(user: DirectoryUser) {
  return { user: { id: user.id, displayName: user.displayName, tenantId: user.tenantId, identityProvider: 'AAD' } };
}

/** participants.attendees: each names a upn or identity.user.id; users of the sandbox are filled in from the directory. */
function attendees(ctx: SandboxContext, raw: unknown): unknown[] {
  if (raw === undefined || raw === null) return [];
  const list = (raw as { attendees?: unknown }).attendees;
  if (typeof raw !== 'object' || (list !== undefined && list !== null && !Array.isArray(list))) {
    throw badRequest("'participants.attendees' must be a collection of meetingParticipantInfo.");
  }
  return ((list ?? []) as Array<{ upn?: unknown; role?: unknown; identity?: { user?: { id?: unknown; displayName?: unknown } } }>).map((a) => {
    const upn = typeof a?.upn === 'string' ? a.upn : undefined;
    const id = typeof a?.identity?.user?.id === 'string' ? a.identity.user.id : undefined;
    if (!upn && !id) throw badRequest('Each attendee needs a upn or identity.user.id.');
    const role = a.role === undefined ? 'attendee' : String(a.role);
    if (!ROLES.includes(role)) throw badRequest(`Invalid value '${role}' for 'role'.`);
    const known = (id ? ctx.directory.userById(id) : undefined) ?? (upn ? ctx.directory.userByEmail(upn) : undefined);
    if (known) return { upn: known.userPrincipalName, role, identity: identityOf(known) };
    const displayName = typeof a.identity?.user?.displayName === 'string' ? a.identity.user.displayName : null;
    return { upn: upn ?? null, role, identity: { user: { id: id ?? null, displayName, tenantId: null, identityProvider: 'AAD' } } };
  });
}

/** What people outside Teams paste into an invitation: Graph answers it as an HTML data URL. */
function joinInformation(url: string, meetingId: string, passcode: string | null) {
  const html = `<div><a href="${url}">Join the meeting now</a></div><div>Meeting ID: ${meetingId}</div>${passcode ? `<div>Passcode: ${passcode}</div>` : ''}`;
  return { content: `data:text/html,${encodeURIComponent(html)}`, contentType: 'html' };
}

/**
 * The onlineMeeting Graph creates from a POST body. A passcode exists only when the body asks
 * for one (`joinMeetingIdSettings.isPasscodeRequired: true`), as Graph documents.
 */
export function buildMeeting(ctx: SandboxContext, organizer: DirectoryUser, body: Record<string, unknown>): MeetingJson {
  if (body.subject !== undefined && body.subject !== null && typeof body.subject !== 'string') throw badRequest("Invalid value for 'subject'.");
  const start = instant(body, 'startDateTime', ctx.now());
  const end = instant(body, 'endDateTime', start + HOUR);
  if (end <= start) throw badRequest("'endDateTime' must be after 'startDateTime'.");
  const wantsPasscode = (body.joinMeetingIdSettings as { isPasscodeRequired?: unknown } | undefined)?.isPasscodeRequired === true;
  const url = joinUrl(organizer.tenantId, organizer.id);
  const meetingId = String(100_000_000_000 + (randomBytes(4).readUInt32BE() % 900_000_000_000));
  const passcode = wantsPasscode ? randomBytes(4).toString('base64url').slice(0, 6) : null;
  return {
    id: `MSo${randomBytes(40).toString('base64url')}`,
    creationDateTime: new Date(ctx.now()).toISOString(),
    startDateTime: new Date(start).toISOString(),
    endDateTime: new Date(end).toISOString(),
    joinWebUrl: url,
    subject: typeof body.subject === 'string' ? body.subject : null,
    externalId: null,
    videoTeleconferenceId: null,
    isEntryExitAnnounced: true,
    allowedPresenters: 'everyone',
    allowMeetingChat: 'enabled',
    allowTeamworkReactions: true,
    allowAttendeeToEnableCamera: true,
    allowAttendeeToEnableMic: true,
    recordAutomatically: false,
    audioConferencing: null,
    lobbyBypassSettings: { scope: 'organization', isDialInBypassEnabled: false },
    chatInfo: { threadId: decodeURIComponent(url.split('/')[5] ?? ''), messageId: '0', replyChainMessageId: null },
    joinInformation: joinInformation(url, meetingId, passcode),
    joinMeetingIdSettings: { isPasscodeRequired: wantsPasscode, joinMeetingId: meetingId, passcode },
    participants: {
      organizer: { upn: organizer.userPrincipalName, role: 'presenter', identity: identityOf(organizer) },
      attendees: attendees(ctx, body.participants),
    },
  };
}
