/** The gateway's operation label stays bounded and never carries data. */
import { outcomeOf } from './metrics';
import { OperationLabels } from './operationLabel';

describe('operation label', () => {
  it('keeps plain operation names, and calls a missing one anonymous', () => {
    const labels = new OperationLabels();
    expect(labels.label('ResidentDesk')).toBe('ResidentDesk');
    expect(labels.label(undefined)).toBe('anonymous');
    expect(labels.label(null)).toBe('anonymous');
    expect(labels.label('')).toBe('anonymous');
  });

  it('counts a name that is not a plain identifier, or holds a run of digits (an ID number), as other', () => {
    const labels = new OperationLabels();
    expect(labels.label('q11010519491231002X')).toBe('other');
    expect(labels.label('Resident 1')).toBe('other');
    expect(labels.label('{ resident }')).toBe('other');
    expect(labels.label(42)).toBe('other');
    expect(labels.label('x'.repeat(65))).toBe('other');
  });

  it('gives only the first distinct names a series of their own; later ones are other, known ones stay', () => {
    const labels = new OperationLabels(2);
    expect([labels.label('A'), labels.label('B'), labels.label('C'), labels.label('A')]).toEqual(['A', 'B', 'other', 'A']);
  });
});

describe('outcome label', () => {
  it('follows the HTTP status, and for a 200 whether the answer carried errors', () => {
    expect([200, 200, 400, 405, 401, 403, 413, 429, 500, 502].map((status, i) => outcomeOf(status, i === 1))).toEqual([
      'ok', 'graphql_error', 'bad_request', 'bad_request', 'unauthorized', 'unauthorized', 'too_large', 'rate_limited', 'error', 'error',
    ]);
  });
});
