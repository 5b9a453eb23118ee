/**
 * JSON-lines logging to stderr and, when LOG_FILE is set, appended to that file too (one line
 * per write, O_APPEND, so several processes can share one file). Messages and fields must never
 * carry personal data in clear (ID numbers, names, health or benefit details): log counts, ids of
 * our own records, masked values. `redact` is applied to every string field as a last line of
 * defence; the test run greps its log files for every seeded ID number and name
 * (scripts/checkLogs.ts).
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { processLoggingConfig, type LogLevel, type LogSettings } from './config';

export type { LogLevel, LogSettings } from './config';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

// 17 digits + digit/X: anything that looks like a citizen ID number is masked before it is written.
const ID_NUMBER_PATTERN = /\b(\d{6})\d{8}(\d{3}[\dXx])\b/g;
export function redact(text: string): string {
  return text.replace(ID_NUMBER_PATTERN, '$1********$2');
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

// One descriptor per file per process, opened on first use and kept for the process's life.
const descriptors = new Map<string, number>();
function appendLine(path: string, line: string): void {
  let fd = descriptors.get(path);
  if (fd === undefined) {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'a');
    descriptors.set(path, fd);
  }
  writeSync(fd, line);
}
/** Closes the log files this process opened (tests; a process's exit closes them anyway). */
export function closeLogFiles(): void {
  for (const fd of descriptors.values()) closeSync(fd);
  descriptors.clear();
}

/**
 * A service's logger. `settings` defaults to the process's (platform/config.ts, parsed once from
 * LOG_LEVEL, LOG_FILE, LOG_FILE_LEVEL); a level alone changes stderr's level and keeps the
 * process's file, so even a quiet logger's lines reach the file the test run checks for personal data.
 */
export function createLogger(service: string, settings: LogSettings | LogLevel = processLoggingConfig(), bindings: Record<string, unknown> = {}): Logger {
  const { level, file } = typeof settings === 'string' ? { ...processLoggingConfig(), level: settings } : settings;
  const lowest = Math.min(ORDER[level], file ? ORDER[file.level] : ORDER.silent);
  const write = (at: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < lowest) return;
    const line =
      JSON.stringify({ time: new Date().toISOString(), level: at, service, ...bindings, ...fields, msg }, (_k, v) =>
        typeof v === 'string' ? redact(v) : v instanceof Error ? redact(v.message) : v,
      ) + '\n';
    if (ORDER[at] >= ORDER[level]) process.stderr.write(line);
    if (file && ORDER[at] >= ORDER[file.level]) appendLine(file.path, line);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (b) => createLogger(service, { level, file }, { ...bindings, ...b }),
  };
}
