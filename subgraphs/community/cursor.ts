/**
 * The opaque cursor of `residents(first, after)`: base64url of the last ID number of a page.
 * Opaque so clients do not build their own; decoding checks the shape, so a cursor that was
 * not ours is a BAD_USER_INPUT error rather than a silently wrong page.
 */
const CURSOR_PREFIX = 'resident:';
const ID_SHAPE = /^\d{17}[\dX]$/;

export function encodeCursor(idNumber: string): string {
  return Buffer.from(CURSOR_PREFIX + idNumber, 'utf8').toString('base64url');
}

/** The ID number a cursor points after, or null when the cursor is not one of ours. */
export function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(CURSOR_PREFIX)) return null;
  const idNumber = text.slice(CURSOR_PREFIX.length);
  return ID_SHAPE.test(idNumber) ? idNumber : null;
}
