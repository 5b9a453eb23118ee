import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loggingConfig } from './config';
import { closeLogFiles, createLogger, redact } from './logger';

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
