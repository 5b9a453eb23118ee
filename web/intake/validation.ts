/**
 * The report's checks in the page: the very schema the server runs. Loaded on demand (a dynamic
 * import in main.ts), after the form is on screen: the validation library is most of the page's
 * bytes, and on a slow phone network the worker can start filling in the form while it arrives.
 */
import '../shared/zodSetup';
import { PopulationChangeInput } from '../../domain/populationChange';
import { toFieldProblems } from '../../domain/validation';
import { fieldMessages, type FieldMessage } from '../shared/messages';

/** What is wrong with a report as the form holds it (none: it may be sent). */
export function reportProblems(input: unknown): FieldMessage[] {
  const parsed = PopulationChangeInput.safeParse(input);
  return parsed.success ? [] : fieldMessages(toFieldProblems(parsed.error));
}
