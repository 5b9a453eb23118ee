/**
 * The safelist of the project's own clients, and the tool that writes it:
 * `npx tsx gateway/edge/persistedManifest.ts` rewrites gateway/edge/persisted-operations.json.
 * A client added to the project (a page, a service reading through the gateway) adds its
 * operation texts to CLIENT_OPERATIONS (contract/clientOperations.ts) and sends their SHA-256;
 * tests/edge.test.ts fails while the shipped manifest is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_OPERATIONS } from '../../contract/clientOperations';
import { sha256Hex } from './persistedOperations';

export const MANIFEST_FILE = join(__dirname, 'persisted-operations.json');

/** The manifest of some operation texts: { sha256: text }, sorted by hash (stable diffs). */
export function manifestOf(operations: readonly string[]): Record<string, string> {
  return Object.fromEntries(operations.map((q) => [sha256Hex(q), q] as const).sort(([a], [b]) => a.localeCompare(b)));
}

async function main(): Promise<void> {
  const manifest = manifestOf(CLIENT_OPERATIONS);
  writeFileSync(MANIFEST_FILE, JSON.stringify(manifest, null, 2) + '\n');
  console.error(`wrote ${Object.keys(manifest).length} operation(s) to ${MANIFEST_FILE}`);
}

if (require.main === module) void main();
