/**
 * GET /api/microsoft's answer (app/microsoft/status.ts ConnectionView, mailSync/health.ts), spelled
 * out so /api/docs tells API clients what they get. Fastify serializes by it: a field missing here
 * would silently vanish from the answer, which test/microsoft/statusSchema.test.ts guards against.
 */
const nullableString = { type: ['string', 'null'] } as const;

const resourceHealth = {
  type: 'object',
  properties: {
    resource: { type: 'string', description: 'mail (calendar, contacts, To Do and files join later)' },
    state: { type: 'string', enum: ['initial', 'live', 'polling', 'needs_reconnect', 'error'] },
    percent: { type: ['integer', 'null'], description: '0-100 during the initial sync' },
    itemsSynced: { type: 'integer' },
    itemsTotal: { type: ['integer', 'null'] },
    lastSuccessAt: nullableString,
    subscriptionExpiresAt: nullableString,
    mode: { type: 'string', enum: ['push', 'polling'] },
    modeReason: nullableString,
    notificationsReceived: { type: 'integer' },
    notificationsRejected: { type: 'integer' },
    lastError: { ...nullableString, description: 'in plain words' },
  },
  required: ['resource', 'state', 'percent', 'itemsSynced', 'itemsTotal', 'lastSuccessAt', 'subscriptionExpiresAt', 'mode', 'modeReason', 'notificationsReceived', 'notificationsRejected', 'lastError'],
} as const;

const feature = {
  type: 'object',
  properties: {
    id: { type: 'string' }, title: { type: 'string' }, shortTitle: { type: 'string' }, description: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    required: { type: 'boolean', description: 'sign-in scopes: always asked, cannot be unticked' },
    adminConsent: { type: 'boolean', description: 'typically needs an administrator in many tenants' },
    preselected: { type: 'boolean', description: 'ticked when the review screen opens' },
    approvedForOrg: { type: 'boolean', description: "an administrator approved it for the account's whole organization" },
    adminRoute: { type: 'boolean', description: 'offer "Authorize … for the org"' },
    state: {
      type: 'string',
      enum: ['granted', 'declined', 'needs_admin_approval', 'available', 'coming_soon'],
      description: 'coming_soon: Tandem does not provide it yet; never requested, and it cannot be enabled even where an older grant covers it',
    },
    syncHealth: { type: 'array', items: resourceHealth, description: 'sync health of the resources this feature powers, once Tandem syncs them' },
  },
  required: ['id', 'title', 'shortTitle', 'description', 'scopes', 'required', 'adminConsent', 'preselected', 'approvedForOrg', 'adminRoute', 'state', 'syncHealth'],
} as const;

export const connectionViewSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['not_connected', 'active', 'needs_reconnect', 'disconnecting'] },
    statusMessage: nullableString,
    account: {
      type: ['object', 'null'],
      properties: { username: { type: 'string' }, tenantId: { type: 'string' }, displayName: nullableString },
      required: ['username', 'tenantId', 'displayName'],
    },
    features: { type: 'array', items: feature },
    health: {
      type: ['object', 'null'],
      description: 'sync health per resource; null when not connected',
      properties: { resources: { type: 'array', items: resourceHealth } },
      required: ['resources'],
    },
    webhooks: {
      type: 'object',
      description: "whether PUBLIC_URL can receive Graph's change notifications (push) or Tandem polls",
      properties: { mode: { type: 'string', enum: ['push', 'polling'] }, reason: nullableString },
      required: ['mode', 'reason'],
    },
    lastDisconnect: {
      type: ['object', 'null'],
      description: 'what the latest disconnect removed from Tandem (null once dismissed or after a new connection); Microsoft 365 data is never touched',
      properties: {
        username: { type: 'string' },
        requestedAt: { type: 'string' },
        finishedAt: { ...nullableString, description: 'null while the disconnect is still running' },
        removed: {
          type: 'array',
          items: {
            type: 'object',
            properties: { resource: { type: 'string' }, count: { type: 'integer' }, what: { type: 'string', description: 'the items, named for people: "emails"' } },
            required: ['resource', 'count', 'what'],
          },
        },
        subscriptionsStopped: { type: 'integer', description: 'change-notification subscriptions handed to Microsoft for deletion' },
        revoke: {
          type: 'object',
          description: "Tandem cannot withdraw the permissions granted at Microsoft; this is where the user can",
          properties: { url: nullableString, page: { type: 'string' } },
          required: ['url', 'page'],
        },
      },
      required: ['username', 'requestedAt', 'finishedAt', 'removed', 'subscriptionsStopped', 'revoke'],
    },
  },
  required: ['status', 'statusMessage', 'account', 'features', 'health', 'webhooks', 'lastDisconnect'],
} as const;
