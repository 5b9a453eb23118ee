/**
 * What the audit log costs in storage per resident read: Q2 (50 residents) sent one at a time to
 * the project's gateway, the audit store measured before and after. A "resident read" is one
 * subgraph's record of one resident (the unit issue 11 counted: 150 per Q2, three subgraphs), the
 * entries of the store's resident index; the figure per resident in the answer is printed beside it.
 * Size is the SQLite file's used pages, WAL included (page_count less the free list), so a WAL
 * not yet checkpointed neither hides nor inflates the growth.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { send, type PreparedRead } from './reads';

export interface AuditBytes {
  requests: number;
  residentsInAnswers: number;
  /** Subgraph records of a resident (the resident index's new entries). */
  residentReads: number;
  bytes: number;
  perResidentRead: number;
  perResidentInAnswer: number;
}

function measure(file: string): { bytes: number; entries: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const pages = Number(db.pragma('page_count', { simple: true })) - Number(db.pragma('freelist_count', { simple: true }));
    const entries = (db.prepare('SELECT COUNT(*) AS n FROM audit_resident').get() as { n: number }).n;
    return { bytes: pages * Number(db.pragma('page_size', { simple: true })), entries };
  } finally {
    db.close();
  }
}

export async function auditBytesPerRead(dataDir: string, gatewayUrl: string, read: PreparedRead, residentsPerAnswer: number, requests: number): Promise<AuditBytes> {
  const file = join(dataDir, 'audit.sqlite');
  // Records are written before each answer leaves its subgraph: once the last answer is in, so are they.
  await send(gatewayUrl, read);
  const before = measure(file);
  for (let i = 0; i < requests; i++) {
    const { answer } = await send(gatewayUrl, read);
    if (answer.errors) throw new Error(`the audit measurement's ${read.name} failed: ${JSON.stringify(answer.errors).slice(0, 300)}`);
  }
  const after = measure(file);
  const bytes = after.bytes - before.bytes;
  const residentReads = after.entries - before.entries;
  return {
    requests,
    residentsInAnswers: requests * residentsPerAnswer,
    residentReads,
    bytes,
    perResidentRead: residentReads ? bytes / residentReads : NaN,
    perResidentInAnswer: bytes / (requests * residentsPerAnswer),
  };
}
