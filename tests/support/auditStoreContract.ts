/**
 * The contract every AuditStore honours, as one Jest suite run against each implementation
 * (sqliteStore.test.ts, redisStore.test.ts). Opening the same space twice gives two instances on
 * the same data (two processes on one file, two replicas on one Redis).
 */
import { contractSpaces } from './contractSpaces';
import { GENESIS_HASH, hashOf } from '../../platform/audit/chain';
import type { AuditEntry, AuditRecord, AuditStore } from '../../platform/audit/types';

export type MakeAuditStore = (space: string) => Promise<AuditStore>;

/** What an attacker with access to the store's data can do behind the store's back, per implementation. */
export interface BehindTheStore {
  /** Overwrites the stored record `seq` with `record`. */
  tamper(space: string, seq: number, record: AuditRecord): Promise<void>;
  /** Removes the stored record `seq`. */
  remove(space: string, seq: number): Promise<void>;
  /** Removes every record after `seq` and sets the head to record `seq`: a log cut off cleanly. */
  truncate(space: string, seq: number): Promise<void>;
}

const RESIDENT_A = '510114198001010011';
const RESIDENT_B = '510114199002020022';

/** A request's entry; `residentId` and `fields` give its one read (the common case here), `reads` several. */
export function entry(overrides: Partial<AuditEntry> & { residentId?: string | null; fields?: string[] } = {}): AuditEntry {
  const { residentId = RESIDENT_A, fields = ['subsistenceAllowance'], ...rest } = overrides;
  return { requestId: 'req-1', subject: 'dev-civil-affairs', role: 'civil-affairs', purpose: 'benefit review', action: 'READ', reads: [{ residentId, fields }], ...rest };
}

export function describeAuditStoreContract(name: string, make: MakeAuditStore, behind: BehindTheStore, cleanup: () => Promise<void>): void {
  describe(`${name} audit store contract`, () => {
    const spaces = contractSpaces(make, cleanup);
    const open = spaces.open;
    const tamper = (seq: number, record: AuditRecord) => behind.tamper(spaces.current(), seq, record);
    const remove = (seq: number) => behind.remove(spaces.current(), seq);
    const truncate = (seq: number) => behind.truncate(spaces.current(), seq);

    it('appends records with consecutive seqs, each chained to the hash of the one before', async () => {
      const store = await open();
      const first = await store.append([entry({ fields: ['name', 'address', 'name'] })]);
      const more = await store.append([entry({ residentId: RESIDENT_B }), entry({ action: 'INTAKE', purpose: null, fields: ['idNumber', 'name'] })]);
      const all = [...first, ...more];
      expect(all.map((r) => r.seq)).toEqual([1, 2, 3]);
      expect(all[0].prevHash).toBe(GENESIS_HASH);
      expect(all[0].reads).toEqual([{ fields: ['address', 'name'], residents: [RESIDENT_A] }]);
      expect(all[1].prevHash).toBe(all[0].hash);
      expect(all[2].prevHash).toBe(all[1].hash);
      for (const r of all) {
        const { hash, ...rest } = r;
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
        expect(hashOf(rest)).toBe(hash);
      }
      expect(await store.verify()).toEqual({ valid: true, records: 3, brokenAt: null, reason: null, lastIntact: { seq: 3, hash: all[2].hash } });
    });

    it('an empty log verifies', async () => {
      const store = await open();
      expect(await store.verify()).toEqual({ valid: true, records: 0, brokenAt: null, reason: null, lastIntact: null });
    });

    it('keeps every field of a record as it was appended', async () => {
      const store = await open();
      const [written] = await store.append([entry({ requestId: 'req-42', purpose: null, residentId: null })]);
      const [read] = await store.query({});
      expect(read).toEqual(written);
      expect(read).toEqual({ ...entry({ requestId: 'req-42', purpose: null }), reads: [{ fields: ['subsistenceAllowance'], residents: [null] }], seq: 1, at: expect.any(String), prevHash: GENESIS_HASH, hash: expect.any(String) });
      expect(Date.parse(read.at)).toBeGreaterThan(Date.now() - 60_000);
    });

    it('answers queries by resident, by subject and by period, newest first, up to the limit', async () => {
      const store = await open();
      await store.append([entry(), entry({ residentId: RESIDENT_B, subject: 'dev-health', role: 'health' }), entry({ subject: 'dev-health', role: 'health' })]);
      const seqs = (rs: AuditRecord[]) => rs.map((r) => r.seq);
      expect(seqs(await store.query({ residentId: RESIDENT_A }))).toEqual([3, 1]);
      expect(seqs(await store.query({ subject: 'dev-health' }))).toEqual([3, 2]);
      expect(seqs(await store.query({ residentId: RESIDENT_A, subject: 'dev-health' }))).toEqual([3]);
      expect(seqs(await store.query({ limit: 2 }))).toEqual([3, 2]);
      const [last] = await store.query({ limit: 1 });
      expect(seqs(await store.query({ from: last.at, to: last.at }))).toEqual([3, 2, 1]);
      expect(await store.query({ to: '2000-01-01T00:00:00.000Z' })).toEqual([]);
      expect(await store.query({ residentId: '510114200001010033' })).toEqual([]);
    });

    it('finds a record naming many residents by each of them (the resident index), and by no one else', async () => {
      const store = await open();
      const C = '510114200001010033';
      const list = entry({ requestId: 'list', reads: [RESIDENT_A, RESIDENT_B, C].map((residentId) => ({ residentId, fields: ['name'] })) });
      const [one, many] = await store.append([entry({ requestId: 'one', residentId: RESIDENT_B, fields: ['pension'] }), list]);
      expect(many.reads).toEqual([{ fields: ['name'], residents: [RESIDENT_A, RESIDENT_B, C] }]);
      const seqs = async (residentId: string) => (await store.query({ residentId })).map((r) => r.seq);
      expect(await seqs(RESIDENT_A)).toEqual([many.seq]);
      expect(await seqs(RESIDENT_B)).toEqual([many.seq, one.seq]);
      expect(await seqs(C)).toEqual([many.seq]);
      expect(await seqs(C.slice(0, 17) + '4')).toEqual([]);
      expect((await store.verify()).valid).toBe(true);
    });

    it('fails verification at the altered record when a record is changed behind the store', async () => {
      const store = await open();
      const records = await store.append([entry(), entry({ residentId: RESIDENT_B }), entry()]);
      await tamper(2, { ...records[1], subject: 'someone-else' });
      const verdict = await store.verify();
      expect(verdict).toMatchObject({ valid: false, brokenAt: 2, records: 1 });
      expect(verdict.reason).toMatch(/record 2 was altered/);
    });

    it('fails verification at the next record when an altered record was re-hashed to hide it', async () => {
      const store = await open();
      const records = await store.append([entry(), entry(), entry()]);
      const forged = { ...records[1], reads: [{ fields: ['subsistenceAllowance'], residents: [RESIDENT_B] }] };
      const { hash: _old, ...rest } = forged;
      await tamper(2, { ...forged, hash: hashOf(rest) });
      expect(await store.verify()).toMatchObject({ valid: false, brokenAt: 3, reason: expect.stringMatching(/record 3 does not follow record 2/) });
    });

    it('fails verification when a record is removed, in the middle or at the end', async () => {
      const store = await open();
      await store.append([entry(), entry(), entry(), entry()]);
      await remove(4);
      expect(await store.verify()).toMatchObject({ valid: false, brokenAt: 4 });
      await remove(2);
      expect(await store.verify()).toMatchObject({ valid: false, brokenAt: 2, reason: 'record 2 is missing' });
    });

    it('passes a checkpoint from an earlier verification while the log has only grown', async () => {
      const store = await open();
      await store.append([entry(), entry()]);
      const checkpoint = (await store.verify()).lastIntact!;
      await store.append([entry({ residentId: RESIDENT_B })]);
      expect(await store.verify(checkpoint)).toMatchObject({ valid: true, records: 3, lastIntact: { seq: 3 } });
    });

    it('fails verification with a checkpoint when the newest records were cut off together with the head', async () => {
      const store = await open();
      await store.append([entry(), entry(), entry(), entry(), entry()]);
      const checkpoint = (await store.verify()).lastIntact!;
      await truncate(3);
      // The chain alone cannot tell: what is left is a valid, shorter log.
      expect(await store.verify()).toMatchObject({ valid: true, records: 3 });
      expect(await store.verify(checkpoint)).toMatchObject({
        valid: false,
        brokenAt: 4,
        reason: 'the log ends at record 3, before the checkpoint at record 5 (newer records were cut off)',
      });
    });

    it('fails verification at the checkpoint when the log was cut off and written again from before it', async () => {
      const store = await open();
      await store.append([entry(), entry(), entry()]);
      const checkpoint = (await store.verify()).lastIntact!;
      await truncate(1);
      await store.append([entry({ residentId: RESIDENT_B }), entry({ residentId: RESIDENT_B })]);
      expect(await store.verify(checkpoint)).toMatchObject({ valid: false, brokenAt: 3, reason: expect.stringMatching(/record 3 is not the one the checkpoint names/) });
    });

    it('chains appends from two instances on the same data without forking', async () => {
      const [a, b] = [await open(), await open()];
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).append([entry({ requestId: `req-${i}` }), entry({ requestId: `req-${i}`, residentId: RESIDENT_B })])));
      const all = await a.query({ limit: 1000 });
      expect(all.map((r) => r.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      // The two records of one append stay next to each other.
      const byRequest = new Map<string, number[]>();
      for (const r of all) byRequest.set(r.requestId, [...(byRequest.get(r.requestId) ?? []), r.seq]);
      for (const seqs of byRequest.values()) expect(Math.abs(seqs[0] - seqs[1])).toBe(1);
      expect(await b.verify()).toMatchObject({ valid: true, records: 40, brokenAt: null, reason: null, lastIntact: { seq: 40 } });
    });
  });
}
