/**
 * The archive files under DATA_DIR/audit-archive: each archive is the records it moved out of the
 * live log, one JSON line each (audit-<first>-<last>.jsonl), and a checkpoint signed with HMAC
 * (key use 'audit'): which records, the hash they chain from and the last one's hash, and the
 * file's SHA-256. The checkpoints chain too: each archive starts where the one before ended, and
 * the live log starts where the last one ended. Archives hold ID numbers: same care as the log.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, chainVerifier, EMPTY_HEAD, type ChainHead } from './chain';
import type { AuditRecord } from './types';

export interface ArchiveCheckpoint {
  firstSeq: number;
  lastSeq: number;
  /** The hash the first record chains from (the previous archive's last, or the genesis). */
  prevHash: string;
  lastHash: string;
  records: number;
  /** SHA-256 (hex) of the .jsonl file's bytes. */
  sha256: string;
  archivedAt: string;
  /** HMAC-SHA256 (hex) over the canonical JSON of every other field. */
  signature: string;
}

const stem = (first: number, last: number) => `audit-${String(first).padStart(12, '0')}-${String(last).padStart(12, '0')}`;
const sign = (key: Buffer, body: Omit<ArchiveCheckpoint, 'signature'>) => createHmac('sha256', key).update(canonicalJson(body)).digest('hex');

/** Writes `name` in `dir` durably: a temporary file, fsync, rename, fsync of the folder. */
function writeDurably(dir: string, name: string, data: string): void {
  const temporary = join(dir, `.${name}.tmp`);
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, join(dir, name));
  const folder = openSync(dir, 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
}

/** Writes one archive of consecutive records (chained from `from`) and its signed checkpoint. */
export function writeArchive(dir: string, key: Buffer, from: ChainHead, records: readonly AuditRecord[]): ArchiveCheckpoint {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const first = records[0];
  const last = records[records.length - 1];
  const data = records.map((r) => `${JSON.stringify(r)}\n`).join('');
  const body = {
    firstSeq: first.seq,
    lastSeq: last.seq,
    prevHash: from.hash,
    lastHash: last.hash,
    records: records.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    archivedAt: new Date().toISOString(),
  };
  const checkpoint = { ...body, signature: sign(key, body) };
  writeDurably(dir, `${stem(first.seq, last.seq)}.jsonl`, data);
  writeDurably(dir, `${stem(first.seq, last.seq)}.checkpoint.json`, `${JSON.stringify(checkpoint, null, 2)}\n`);
  return checkpoint;
}

/** The checkpoints in `dir`, oldest first (none when the folder does not exist). */
export function readCheckpoints(dir: string): ArchiveCheckpoint[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^audit-\d{12}-\d{12}\.checkpoint\.json$/.test(n));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names.sort().map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as ArchiveCheckpoint);
}

export interface ArchivesVerdict {
  valid: boolean;
  archives: number;
  records: number;
  /** Why not valid, in words safe to show (no personal data). */
  reason: string | null;
}

/** Null when one archive is intact and signed with `key` and chains from `from`; else why not. */
function archiveProblem(dir: string, key: Buffer, c: ArchiveCheckpoint, from: ChainHead): string | null {
  const name = stem(c.firstSeq, c.lastSeq);
  const { signature, ...body } = c;
  const expected = Buffer.from(sign(key, body), 'hex');
  const given = Buffer.from(String(signature), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return `archive ${name}: the checkpoint's signature does not verify (altered, or signed with another key)`;
  if (c.firstSeq !== from.seq + 1 || c.prevHash !== from.hash) return `archive ${name} does not continue from record ${from.seq} (an archive is missing or was replaced)`;
  let data: Buffer;
  try {
    data = readFileSync(join(dir, `${name}.jsonl`));
  } catch {
    return `archive ${name}: its records file cannot be read`;
  }
  if (createHash('sha256').update(data).digest('hex') !== c.sha256) return `archive ${name}: its records file was altered (SHA-256 differs from the signed one)`;
  const records = data.toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditRecord);
  const verifier = chainVerifier(undefined, from);
  const verdict = verifier.check(records) ?? verifier.done(c.lastSeq);
  if (!verdict.valid) return `archive ${name}: ${verdict.reason}`;
  return records[records.length - 1]?.hash === c.lastHash ? null : `archive ${name}: its last record is not the one the checkpoint names`;
}

/** Verifies every archive in `dir` and that the live log (starting after `liveBase`) continues the last one. */
export function verifyArchives(dir: string, key: Buffer, liveBase: ChainHead): ArchivesVerdict {
  let at = EMPTY_HEAD;
  let records = 0;
  const checkpoints = readCheckpoints(dir);
  for (const c of checkpoints) {
    const problem = archiveProblem(dir, key, c, at);
    if (problem) return { valid: false, archives: checkpoints.length, records, reason: problem };
    records += c.records;
    at = { seq: c.lastSeq, hash: c.lastHash };
  }
  if (at.seq !== liveBase.seq || at.hash !== liveBase.hash) {
    return { valid: false, archives: checkpoints.length, records, reason: `the live log starts after record ${liveBase.seq}, but the archives end at record ${at.seq}` };
  }
  return { valid: true, archives: checkpoints.length, records, reason: null };
}
