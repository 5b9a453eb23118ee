/**
 * Tokens kept for the tab only (sessionStorage): closing the tab signs out, and nothing is left
 * on a shared office computer.
 */
const STAFF_TOKEN = 'residentGraph.staffToken';

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled (private mode in some browsers): keep the token in memory only
  }
}

let memory: Record<string, string> = {};

export function load(key: string): string | null {
  return storage()?.getItem(key) ?? memory[key] ?? null;
}

export function save(key: string, value: string): void {
  memory = { ...memory, [key]: value };
  storage()?.setItem(key, value);
}

export function forget(key: string): void {
  const { [key]: _dropped, ...rest } = memory;
  memory = rest;
  storage()?.removeItem(key);
}

export const staffToken = {
  load: () => load(STAFF_TOKEN),
  save: (token: string) => save(STAFF_TOKEN, token),
  forget: () => forget(STAFF_TOKEN),
};
