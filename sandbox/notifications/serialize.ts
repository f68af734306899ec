import type { Subscription as GraphSubscription } from '@microsoft/microsoft-graph-types';
import type { Subscription } from './store.js';
import { graphDateTime } from './validate.js';

type Wire = GraphSubscription & { '@odata.context'?: string };

/** The subscription resource as Graph returns it; typed so a field Graph lacks fails to compile. */
export function toGraphSubscription(sub: Subscription): Wire {
  return {
    id: sub.id,
    resource: sub.resource,
    applicationId: sub.appId,
    changeType: sub.changeTypes.join(','),
    clientState: sub.clientState,
    notificationUrl: sub.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: sub.lifecycleUrl,
    expirationDateTime: graphDateTime(sub.expiresAt),
    creatorId: sub.userId,
    includeResourceData: sub.includeResourceData,
    latestSupportedTlsVersion: sub.latestTls,
    encryptionCertificate: null,
    encryptionCertificateId: sub.encryptionCertificateId,
    notificationUrlAppId: null,
  };
}

export function withContext(graphBase: string, entity: boolean, body: object): object {
  const context = `${graphBase.replace(/\/$/, '')}/v1.0/$metadata#subscriptions${entity ? '/$entity' : ''}`;
  return { '@odata.context': context, ...body };
}
