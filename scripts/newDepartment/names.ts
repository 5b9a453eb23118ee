/** The spellings of a new department's and system's names the scaffold writes, from their kebab-case names. */

/** A folder, service and SDL name: lower-case words joined by single hyphens, starting with a letter. */
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_LENGTH = 40;

export class ScaffoldError extends Error {
  readonly code = 'SCAFFOLD_REFUSED';
}

export interface Names {
  /** `public-security`: folder, service, SDL file. */
  kebab: string;
  /** `publicSecurity` */
  camel: string;
  /** `PublicSecurity` */
  pascal: string;
  /** `PUBLIC_SECURITY`: a system's SystemName, a service's environment prefix. */
  constant: string;
  /** `public security` */
  words: string;
}

export function namesOf(kebab: string, what: string): Names {
  if (kebab.length > MAX_LENGTH || !KEBAB.test(kebab)) {
    throw new ScaffoldError(`The ${what} name must be kebab-case (lower-case letters and digits, words joined by single hyphens, starting with a letter, at most ${MAX_LENGTH} characters), but got "${kebab}".`);
  }
  const parts = kebab.split('-');
  const pascal = parts.map((p) => p[0].toUpperCase() + p.slice(1)).join('');
  return { kebab, camel: pascal[0].toLowerCase() + pascal.slice(1), pascal, constant: parts.join('_').toUpperCase(), words: parts.join(' ') };
}
