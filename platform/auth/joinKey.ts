/**
 * The key the gateway joins Resident entities on between subgraphs. It is not the ID number the
 * client sees: that one may be masked for the caller's role, and a masked number can neither be
 * looked up nor tell two residents apart. The join key seals the whole number (AES-256-GCM with a
 * key derived from the internal secret) together with the community the sealing subgraph checked
 * the resident belongs to, if it did. It is `@inaccessible`: clients never see it, and a subgraph
 * that did not seal it can still trust what it says. During a rotation of the internal secret a
 * subgraph seals with its current secret and opens keys sealed with the current or a previous
 * one, so subgraphs that have switched and subgraphs that have not yet still join.
 */
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { acceptedSecrets, derivedKey, type SecretRing } from './secrets';

const PREFIX = 'jk1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface JoinKeyContent {
  idNumber: string;
  /** The resident's community, as the registry says: set when the caller is a community worker. */
  community?: string | null;
}

export function sealJoinKey(secret: string, content: JoinKeyContent): string {
  const plain = Buffer.from(JSON.stringify(content.community ? { i: content.idNumber, c: content.community } : { i: content.idNumber }));
  // A deterministic IV (synthetic, from an HMAC of the content): one resident, one key, so the
  // gateway de-duplicates its entity references as it would plain ID numbers.
  const iv = createHmac('sha256', derivedKey(secret, 'join-key-iv')).update(plain).digest().subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', derivedKey(secret, 'join-key'), iv);
  const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  return PREFIX + sealed.toString('base64url');
}

/** What a join key holds, or null when it was sealed with none of the secrets `secrets` accepts (or was altered). */
export function openJoinKey(secrets: string | SecretRing, key: unknown): Required<JoinKeyContent> | null {
  if (typeof key !== 'string' || !key.startsWith(PREFIX)) return null;
  const raw = Buffer.from(key.slice(PREFIX.length), 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES + 2) return null;
  for (const secret of acceptedSecrets(secrets)) {
    const opened = openWith(secret, raw);
    if (opened) return opened;
  }
  return null;
}

function openWith(secret: string, raw: Buffer): Required<JoinKeyContent> | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', derivedKey(secret, 'join-key'), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
    const parsed = JSON.parse(plain.toString('utf8')) as { i?: unknown; c?: unknown };
    if (typeof parsed.i !== 'string') return null;
    return { idNumber: parsed.i, community: typeof parsed.c === 'string' ? parsed.c : null };
  } catch {
    return null;
  }
}
