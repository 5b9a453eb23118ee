/**
 * A report's short reference: what a worker reads out over the phone or writes on a note
 * ("RG-4KPM-7XQD"), so a clerk or the worker can find the report again. Derived from the intake
 * id (nothing more to store, the same in SQLite and Redis) with an alphabet that has no 0/O,
 * 1/I/L or U/V pairs to mishear or misread. 29^8 (about 5 x 10^11) values: a community's reports
 * collide with a chance far below one in a million, and a search by reference that matches two
 * reports shows both.
 */
import { createHash } from 'node:crypto';

export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
const LENGTH = 8;
const PREFIX = 'RG';

export function reportReference(intakeId: string): string {
  const digest = createHash('sha256').update(`report-reference:${intakeId}`).digest();
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += REFERENCE_ALPHABET[digest[i]! % REFERENCE_ALPHABET.length];
  return `${PREFIX}-${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * The reference in what a person typed, or null when it is not one: any case, with or without
 * the prefix, spaces or dashes; the letters people confuse with the alphabet's digits are read as
 * those digits are not (there is no 0, 1, O, I or L in it), so a typed one cannot match.
 */
export function referenceIn(text: string): string | null {
  const compact = text.toUpperCase().replace(/[\s\-_－]/g, '');
  const code = compact.startsWith(PREFIX) && compact.length === PREFIX.length + LENGTH ? compact.slice(PREFIX.length) : compact;
  if (code.length !== LENGTH || [...code].some((c) => !REFERENCE_ALPHABET.includes(c))) return null;
  return `${PREFIX}-${code.slice(0, 4)}-${code.slice(4)}`;
}
