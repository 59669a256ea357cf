import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Links for people without accounts (status and grantee links) as a function of their token row:
 * token = HMAC(key, row id), 32 bytes base64url. The database keeps only the token's SHA-256, so
 * a dump opens nothing; the app, holding the key, can write the link into an email at send
 * time, so the outbox never stores a usable link either (like unsubscribe links).
 */
export function linkKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecret, 'coffer', 'access links v1', 32));
}

export function linkToken(key: Buffer, tokenId: string): string {
  return createHmac('sha256', key).update(tokenId).digest('base64url');
}

/**
 * What an outbox row stores instead of a link: the token row and the path the link opens under.
 * Unusable without the app's key; blanked once the email is sent.
 */
const REF = /^coffer-link:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(\/[A-Za-z0-9/_-]*)$/;
export const LINK_REF_PREFIX = 'coffer-link:';

export function linkRef(tokenId: string, pathPrefix: string): string {
  return `${LINK_REF_PREFIX}${tokenId}:${pathPrefix}`;
}

/** A copy of an email's props with every link reference turned into its absolute link. */
export function resolveLinkRefs<T>(props: T, appUrl: string, key: Buffer): T {
  if (typeof props === 'string') {
    const match = REF.exec(props);
    return (match ? `${appUrl}${match[2]}${linkToken(key, match[1])}` : props) as T;
  }
  if (Array.isArray(props)) return props.map((item) => resolveLinkRefs(item, appUrl, key)) as T;
  if (typeof props === 'object' && props !== null) {
    return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, resolveLinkRefs(v, appUrl, key)])) as T;
  }
  return props;
}
