import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loggingConfig } from './config';
import { CENSORED, closeLogFiles, createLogger, redact } from './logger';

describe('logger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logger-'));
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stderr.mockRestore();
    closeLogFiles();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('masks anything shaped like a citizen ID number', () => {
    expect(redact('resident 51011419800101001X here')).toBe('resident 510114********001X here');
  });

  it('appends JSON lines to LOG_FILE at LOG_FILE_LEVEL, stderr keeping its own level', () => {
    const file = join(dir, 'nested', 'run.log');
    const logger = createLogger('svc', loggingConfig({ LOG_LEVEL: 'error', LOG_FILE: file, LOG_FILE_LEVEL: 'debug' })).child({ requestId: 'r1' });
    logger.debug('detail', { id: '510114198001010011' });
    logger.error('broke', { count: 2 });
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { time: expect.any(String), level: 'debug', service: 'svc', requestId: 'r1', id: '510114********0011', msg: 'detail' },
      { time: expect.any(String), level: 'error', service: 'svc', requestId: 'r1', count: 2, msg: 'broke' },
    ]);
    // stderr got the error line only.
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(String(stderr.mock.calls[0][0])).toContain('"broke"');
  });

  const linesOf = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

  it('censors the personal-data paths wherever a caller puts them and masks ID numbers in free strings', () => {
    const file = join(dir, 'redact.log');
    const logger = createLogger('svc', loggingConfig({ LOG_LEVEL: 'silent', LOG_FILE: file, LOG_FILE_LEVEL: 'info' }));
    logger.info('report for 51011419800101001X refused', {
      idNumber: '510114198001010011',
      name: '张三',
      resident: { name: '李四', idNumber: '510114198001010029' },
      change: { kind: 'DEATH', deceased: '王五' },
      headers: { authorization: 'Bearer secret-token' },
      note: ['seen 510114198001010037'],
    });
    const [line] = linesOf(file);
    expect(line).toMatchObject({
      msg: 'report for 510114********001X refused',
      idNumber: CENSORED,
      name: CENSORED,
      resident: { name: CENSORED, idNumber: CENSORED },
      change: { kind: CENSORED, deceased: CENSORED },
      headers: { authorization: CENSORED },
      note: ['seen 510114********0037'],
    });
    expect(JSON.stringify(line)).not.toMatch(/张三|李四|王五|secret-token|19800101/);
  });

  it('carries child bindings (the request id) on every line, masked like fields', () => {
    const file = join(dir, 'child.log');
    const request = createLogger('svc', loggingConfig({ LOG_LEVEL: 'silent', LOG_FILE: file, LOG_FILE_LEVEL: 'info' })).child({ requestId: 'req-1' }).child({ caller: '510114198001010011' });
    request.info('served', { count: 1 });
    expect(linesOf(file)).toEqual([{ time: expect.any(String), level: 'info', service: 'svc', requestId: 'req-1', caller: '510114********0011', count: 1, msg: 'served' }]);
  });

  it('writes no file when LOG_FILE is unset', () => {
    createLogger('svc', loggingConfig({ LOG_LEVEL: 'info' })).info('hello');
    expect(stderr).toHaveBeenCalledTimes(1);
  });
});

describe('logging settings', () => {
  it('log to the file at LOG_LEVEL when LOG_FILE_LEVEL is unset, and to stderr at info by default', () => {
    expect(loggingConfig({ LOG_FILE: 'run.log', LOG_LEVEL: 'warn' })).toEqual({ level: 'warn', file: { path: 'run.log', level: 'warn' } });
    expect(loggingConfig({})).toEqual({ level: 'info' });
  });

  it('refuse an unknown level, naming the variable', () => {
    expect(() => loggingConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loggingConfig({ LOG_FILE: 'run.log', LOG_FILE_LEVEL: 'everything' })).toThrow(/LOG_FILE_LEVEL/);
  });
});
