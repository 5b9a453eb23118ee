/**
 * JSON-lines logging with pino, to stderr and, when LOG_FILE is set, appended to that file too
 * (synchronous O_APPEND writes, so several processes can share one file and nothing is lost on
 * exit). Each line carries `time` (ISO), `level` (its name), `service`, the child bindings, the
 * fields and `msg`. Messages and fields must never carry personal data in clear (ID numbers,
 * names, health or benefit details): log counts, ids of our own records, masked values. Two
 * defences, configured here once: pino's `redact` censors the personal-data paths below, and every
 * string (message, field, binding) is masked for ID-number shapes. The test run greps its log
 * files for every seeded ID number and name (scripts/checkLogs.ts).
 */
import { pino, type DestinationStream, type Logger as PinoLogger, type StreamEntry } from 'pino';
import { processLoggingConfig, type LogLevel, type LogSettings } from './config';

export type { LogLevel, LogSettings } from './config';

// 17 digits + digit/X: anything that looks like a citizen ID number is masked before it is written.
const ID_NUMBER_PATTERN = /\b(\d{6})\d{8}(\d{3}[\dXx])\b/g;
export function redact(text: string): string {
  return text.replace(ID_NUMBER_PATTERN, '$1********$2');
}

/** Field paths that hold personal data wherever a caller puts them: censored whole, not masked. */
export const REDACTED_PATHS: readonly string[] = [
  'idNumber',
  'name',
  'phone',
  '*.idNumber',
  '*.name',
  '*.phone',
  'change.*',
  'resident.*',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];
export const CENSORED = '[redacted]';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** Masks ID-number shapes in every string of `value` (an Error becomes its masked message, as before). */
function maskStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) return redact(value.message);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskStrings(v, depth + 1));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskStrings(v, depth + 1);
  return out;
}
const maskFields = (fields: Record<string, unknown> | undefined) => (fields ? (maskStrings(fields) as Record<string, unknown>) : {});

// One synchronous appending destination per file per process, opened on first use and kept for the process's life.
const files = new Map<string, ReturnType<typeof pino.destination>>();
function fileDestination(path: string): DestinationStream {
  let dest = files.get(path);
  if (!dest) {
    dest = pino.destination({ dest: path, sync: true, append: true, mkdir: true });
    files.set(path, dest);
  }
  return dest;
}
/** Closes the log files this process opened (tests; a process's exit closes them anyway). */
export function closeLogFiles(): void {
  for (const dest of files.values()) {
    dest.flushSync();
    dest.end();
  }
  files.clear();
}

/**
 * stderr for people: pino-pretty when LOG_PRETTY=1 (a dev dependency, resolved by name at run time
 * so no production bundle requires it: scripts/build.ts refuses it), else the JSON lines as they are.
 * process.stderr is written synchronously for files, TTYs and pipes on Linux.
 */
function stderrDestination(pretty: boolean): DestinationStream {
  if (!pretty) return process.stderr;
  const prettyModule = 'pino-pretty';
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const prettyFactory = require(prettyModule) as (options: object) => DestinationStream;
    return prettyFactory({ destination: 2, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  } catch {
    throw new LoggerSetupError('LOG_PRETTY=1 needs the dev dependency pino-pretty, which is not installed: unset LOG_PRETTY (production) or run `npm install` with dev dependencies');
  }
}

export class LoggerSetupError extends Error {
  readonly code = 'LOGGER_SETUP_FAILED';
}

function streamsFor({ level, file, pretty }: LogSettings): StreamEntry[] {
  const streams: StreamEntry[] = [];
  if (level !== 'silent') streams.push({ level, stream: stderrDestination(pretty === true) });
  if (file && file.level !== 'silent') streams.push({ level: file.level, stream: fileDestination(file.path) });
  return streams;
}

function lowestLevel(streams: StreamEntry[]): LogLevel {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  return order.find((l) => streams.some((s) => s.level === l)) ?? 'silent';
}

function wrap(target: PinoLogger): Logger {
  return {
    debug: (m, f) => target.debug(maskFields(f), redact(m)),
    info: (m, f) => target.info(maskFields(f), redact(m)),
    warn: (m, f) => target.warn(maskFields(f), redact(m)),
    error: (m, f) => target.error(maskFields(f), redact(m)),
    child: (b) => wrap(target.child(maskFields(b))),
  };
}

/**
 * A service's logger. `settings` defaults to the process's (platform/config.ts, parsed once from
 * LOG_LEVEL, LOG_FILE, LOG_FILE_LEVEL, LOG_PRETTY); a level alone changes stderr's level and keeps
 * the process's file, so even a quiet logger's lines reach the file the test run checks for personal data.
 */
export function createLogger(service: string, settings: LogSettings | LogLevel = processLoggingConfig(), bindings: Record<string, unknown> = {}): Logger {
  const resolved = typeof settings === 'string' ? { ...processLoggingConfig(), level: settings } : settings;
  const streams = streamsFor(resolved);
  const base = pino(
    {
      level: lowestLevel(streams),
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED_PATHS], censor: CENSORED },
    },
    // One stream (the usual case) is written directly: multistream's dispatch costs a few µs a line.
    streams.length === 1 ? streams[0].stream : pino.multistream(streams),
  );
  return wrap(Object.keys(bindings).length ? base.child(maskFields(bindings)) : base);
}
