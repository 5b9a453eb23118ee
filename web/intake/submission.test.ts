import type { GraphQLOutcome } from '../shared/graphql';
import type { Intake } from './queries';
import { ReportSubmission, type Send } from './submission';

const INTAKE: Intake = { id: 'intake-1', reference: 'RG-2345-6789', status: 'COMPLETE', createdAt: '2026-01-01T00:00:00Z', withdrawal: null, deliveries: [], forms: [] };
const accepted: GraphQLOutcome<{ reportPopulationChange: Intake }> = { kind: 'data', data: { reportPopulationChange: INTAKE }, serverDate: null };
const noSleep = () => Promise.resolve();

function scripted(...answers: GraphQLOutcome<{ reportPopulationChange: Intake }>[]) {
  const keys: unknown[] = [];
  const send: Send = async (input) => {
    keys.push(input.idempotencyKey);
    await new Promise((r) => setTimeout(r, 5));
    return answers.shift() ?? accepted;
  };
  return { send, keys };
}

describe('one report, sent once', () => {
  it('a second submit while the first is in flight joins it: one send', async () => {
    const { send, keys } = scripted(accepted);
    const submission = new ReportSubmission(send, [], noSleep);
    const [a, b] = await Promise.all([submission.submit({ kind: 'DEATH' }), submission.submit({ kind: 'DEATH' })]);
    expect(a).toEqual({ kind: 'accepted', intake: INTAKE });
    expect(b).toBe(a);
    expect(keys).toHaveLength(1);
  });

  it('a lost answer or a store outage is sent again with the same key', async () => {
    const { send, keys } = scripted({ kind: 'network', detail: 'reset' }, { kind: 'errors', status: 200, errors: [{ message: 'x', extensions: { code: 'STORE_UNAVAILABLE' } }] }, accepted);
    const submission = new ReportSubmission(send, [1, 1], noSleep);
    expect((await submission.submit({})).kind).toBe('accepted');
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe(submission.idempotencyKey);
    expect(submission.idempotencyKey).toMatch(/^[A-Za-z0-9_.:-]{8,128}$/);
  });

  it('resends with the same key while the community service cannot be reached, and gives up naming it', async () => {
    const down = { kind: 'errors' as const, status: 200, errors: [{ message: 'x', extensions: { code: 'SUBGRAPH_UNAVAILABLE', service: 'community', stored: 'unknown' as const } }] };
    const { send, keys } = scripted(down, down);
    const submission = new ReportSubmission(send, [1], noSleep);
    expect(await submission.submit({})).toEqual({ kind: 'unconfirmed', code: 'SUBGRAPH_UNAVAILABLE', service: 'community' });
    expect(new Set(keys)).toEqual(new Set([submission.idempotencyKey]));
  });

  it('a report stored whose progress could not be read is followed by its id, not sent again', async () => {
    const { send, keys } = scripted({ kind: 'errors', status: 200, errors: [{ message: 'x', extensions: { code: 'STORE_UNAVAILABLE', stored: 'yes', intakeId: 'intake-9' } }] });
    const submission = new ReportSubmission(send, [1, 1], noSleep);
    expect(await submission.submit({})).toEqual({ kind: 'stored', intakeId: 'intake-9' });
    expect(keys).toHaveLength(1);
  });

  it('gives up unconfirmed after the last retry, keeping the key for a manual resend', async () => {
    const { send, keys } = scripted({ kind: 'network', detail: 'a' }, { kind: 'network', detail: 'b' });
    const submission = new ReportSubmission(send, [1], noSleep);
    expect(await submission.submit({})).toEqual({ kind: 'unconfirmed', code: null });
    const key = submission.idempotencyKey;
    await submission.submit({});
    expect(keys).toEqual([key, key, key]);
  });

  it('does not retry a refusal; a key conflict makes a new key', async () => {
    const bad = { kind: 'errors' as const, status: 200, errors: [{ message: 'x', extensions: { code: 'BAD_USER_INPUT', fields: [{ path: ['input', 'name'], rule: 'nameMismatch', message: 'm' }] } }] };
    const conflict = { kind: 'errors' as const, status: 200, errors: [{ message: 'x', extensions: { code: 'IDEMPOTENCY_CONFLICT' } }] };
    const { send, keys } = scripted(bad, conflict);
    const submission = new ReportSubmission(send, [1, 1], noSleep);
    expect(await submission.submit({})).toEqual({ kind: 'invalid', problems: [{ path: ['input', 'name'], rule: 'nameMismatch', message: 'm' }] });
    const before = submission.idempotencyKey;
    expect(await submission.submit({})).toEqual({ kind: 'refused', code: 'IDEMPOTENCY_CONFLICT' });
    expect(keys).toEqual([before, before]);
    expect(submission.idempotencyKey).not.toBe(before);
  });
});
