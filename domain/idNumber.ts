/**
 * Citizen ID numbers (GB 11643-1999): 6-digit address code, 8-digit birth date,
 * 3-digit sequence (odd = male), and a check character computed with ISO 7064 MOD 11-2.
 * Pure functions, no I/O: used by validation, masking and the synthetic seed alike.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** The rule an ID number breaks; `null` from {@link idNumberProblem} means it is valid. */
export type IdNumberRule = 'length' | 'digits' | 'birthDate' | 'checkCharacter';

export const ID_NUMBER_RULE_MESSAGES: Record<IdNumberRule, string> = {
  length: 'must be 18 characters long',
  digits: 'must be 17 digits followed by a digit or X',
  birthDate: 'characters 7-14 must be a birth date that exists and is not in the future',
  checkCharacter: 'the last character does not match the GB 11643 check character of the first 17 digits',
};

/** The ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new TypeError(`checkCharacter needs exactly 17 digits, but got ${first17.length} characters`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

/** True when `yyyymmdd` names a day that exists in the calendar. */
export function isRealDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1880 || m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The first rule `id` breaks, or `null` when it is a valid ID number. `today` is YYYY-MM-DD. */
export function idNumberProblem(id: string, today?: string): IdNumberRule | null {
  if (id.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(id)) return 'digits';
  const birth = id.slice(6, 14);
  if (!isRealDate(birth)) return 'birthDate';
  if (today && birth > today.replace(/-/g, '')) return 'birthDate';
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return 'checkCharacter';
  return null;
}

export function isValidIdNumber(id: string): boolean {
  return idNumberProblem(id) === null;
}

/** Builds a valid ID number from its parts (used by the synthetic seed and by tests). */
export function makeIdNumber(addressCode: string, birthDate: string, sequence: number): string {
  const first17 = `${addressCode}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** Keeps the first 6 and last 4 characters: enough to recognise a person, not to impersonate one. */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

/** Birth date (YYYY-MM-DD) encoded in a valid ID number. */
export function birthDateOf(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** 'M' or 'F' from the parity of the sequence code. */
export function sexOf(id: string): 'M' | 'F' {
  return Number(id[16]) % 2 === 1 ? 'M' : 'F';
}
