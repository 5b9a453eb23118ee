/**
 * The `operation` label of the gateway's metrics: the GraphQL operation's name, bounded.
 * A client names its operations, so a label from it could grow without end or carry data:
 * a name is kept only when it is a plain identifier without a run of digits (never an ID
 * number), and only the first MAX_OPERATIONS distinct names get their own series; any
 * later one is "other", a request without a name "anonymous".
 */

/** Distinct operation names that get a series of their own (the project's clients use a few dozen). */
export const MAX_OPERATIONS = 100;

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const DIGIT_RUN = /\d{4,}/;

export class OperationLabels {
  private readonly known = new Set<string>();

  constructor(private readonly max = MAX_OPERATIONS) {}

  label(name: unknown): string {
    if (name === undefined || name === null || name === '') return 'anonymous';
    if (typeof name !== 'string' || !PLAIN_NAME.test(name) || DIGIT_RUN.test(name)) return 'other';
    if (this.known.has(name)) return name;
    if (this.known.size >= this.max) return 'other';
    this.known.add(name);
    return name;
  }
}
