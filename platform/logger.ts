/**
 * JSON-lines logging to stderr. Messages and fields must never carry personal data in clear
 * (ID numbers, names, health or benefit details): log counts, ids of our own records, masked
 * values. `redact` is applied to every string field as a last line of defence.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
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

export function createLogger(service: string, level: LogLevel = (process.env.LOG_LEVEL as LogLevel) || 'info', bindings: Record<string, unknown> = {}): Logger {
  const write = (at: Exclude<LogLevel, 'silent'>, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level: at, service, ...bindings, ...fields, msg }, (_k, v) =>
      typeof v === 'string' ? redact(v) : v instanceof Error ? redact(v.message) : v,
    );
    process.stderr.write(line + '\n');
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (b) => createLogger(service, level, { ...bindings, ...b }),
  };
}
