/**
 * The two registries a new department enters: its system in domain/systems.ts (SystemName, owner)
 * and both processes in platform/services.ts (name, kind, port, entry). Edited as text at their
 * known anchors, so the files keep their layout and comments; an anchor that is gone stops the
 * scaffold with what to add by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScaffoldError, type Names } from './names';

function edit(root: string, file: string, change: (text: string) => string): void {
  const path = join(root, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

function replaceOnce(text: string, file: string, anchor: RegExp, replacement: (...groups: string[]) => string): string {
  const match = anchor.exec(text);
  if (!match) throw new ScaffoldError(`${file} no longer has the shape the scaffold edits (${anchor.source}); add the entry by hand as the printed steps say.`);
  return text.slice(0, match.index) + replacement(...match) + text.slice(match.index + match[0].length);
}

/** The system's entry, or null when domain/systems.ts does not list it yet. */
export function registeredSystem(root: string, system: Names): { department: string } | null {
  const text = readFileSync(join(root, 'domain/systems.ts'), 'utf8');
  const entry = new RegExp(`^\\s*${system.constant}: \\{[^\\n]*department: '([a-z0-9-]+)'`, 'm').exec(text);
  return entry ? { department: entry[1] } : null;
}

export function registerSystem(root: string, department: Names, system: Names): void {
  const file = 'domain/systems.ts';
  edit(root, file, (text) => {
    let out = replaceOnce(text, file, /(export const SYSTEM_NAMES = \[[^\]]*?)(\n\] as const;)/, (_all, list, end) => `${list}\n  '${system.constant}',${end}`);
    out = replaceOnce(out, file, /(export const DEPARTMENTS = \[[^\]]*?)(\] as const;)/, (_all, list, end) => `${list}, '${department.kebab}'${end}`);
    return replaceOnce(
      out,
      file,
      /(export const SYSTEMS: Record<SystemName, SystemDescription> = \{[\s\S]*?)(\n\};)/,
      (_all, entries, end) => `${entries}\n  ${system.constant}: { name: '${system.constant}', service: '${system.kebab}', department: '${department.kebab}', label: '${system.words} system' },${end}`,
    );
  });
}

/** The next free port after the highest of a kind (subgraphs 40xx, systems 41xx). */
function nextPort(text: string, kind: 'subgraph' | 'system'): number {
  const ports = [...text.matchAll(new RegExp(`kind: '${kind}', port: (\\d+)`, 'g'))].map((m) => Number(m[1]));
  if (ports.length === 0) throw new ScaffoldError(`platform/services.ts lists no ${kind}; add the entry by hand as the printed steps say.`);
  return Math.max(...ports) + 1;
}

/** Adds the service after the last of its kind; returns its port. */
function addService(root: string, name: string, kind: 'subgraph' | 'system', entry: string): number {
  let port = 0;
  edit(root, 'platform/services.ts', (text) => {
    port = nextPort(text, kind);
    const lines = text.split('\n');
    const last = lines.map((l) => l.includes(`kind: '${kind}', port:`)).lastIndexOf(true);
    lines.splice(last + 1, 0, `  { name: '${name}', kind: '${kind}', port: ${port}, entry: '${entry}' },`);
    return lines.join('\n');
  });
  return port;
}

export function servicesListed(root: string): string[] {
  return [...readFileSync(join(root, 'platform/services.ts'), 'utf8').matchAll(/\{ name: '([a-z0-9-]+)', kind:/g)].map((m) => m[1]);
}

export const addSubgraphService = (root: string, department: Names): number => addService(root, department.kebab, 'subgraph', `subgraphs/${department.kebab}/main.ts`);
export const addSystemService = (root: string, system: Names): number => addService(root, system.kebab, 'system', `systems/${system.kebab}/main.ts`);
