/** The supervisor behind npm start --replicas: a killed process comes back, a stopped one does not. */
import { Supervisor } from './supervisor';

const IDLE = ['-e', 'setInterval(() => {}, 1000)'];

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the replica supervisor', () => {
  let supervisor: Supervisor | undefined;
  // Never leave a child behind, even when an expectation failed half-way.
  afterEach(() => supervisor?.stop(1000));

  it('restarts a process killed with SIGKILL, and stops everything without restarting', async () => {
    const events: string[] = [];
    const s = new Supervisor({ restartDelayMs: 50, onEvent: (m) => events.push(m) });
    supervisor = s;
    s.start({ label: 'hrss#1', args: IDLE, env: {}, cwd: process.cwd(), output: 'ignore' });
    s.start({ label: 'hrss#2', args: IDLE, env: {}, cwd: process.cwd(), output: 'ignore' });
    await until(() => s.pid('hrss#1') !== undefined);
    const first = s.pid('hrss#1')!;
    await s.kill('hrss#1');
    await until(() => s.pid('hrss#1') !== undefined);
    expect(s.pid('hrss#1')).not.toBe(first);
    expect(s.restarts('hrss#1')).toBe(1);
    expect(s.restarts('hrss#2')).toBe(0);
    expect(events).toEqual([expect.stringMatching(/^hrss#1 exited \(code null, signal SIGKILL\); restarting/)]);

    const pids = [s.pid('hrss#1')!, s.pid('hrss#2')!];
    await s.stop();
    await new Promise((r) => setTimeout(r, 200));
    expect(s.pid('hrss#1')).toBeUndefined();
    expect(s.pid('hrss#2')).toBeUndefined();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    expect(s.restarts('hrss#1')).toBe(1);
  }, 20_000);

  it('names the known labels when asked about an unknown one', () => {
    supervisor = new Supervisor();
    expect(() => supervisor!.pid('gateway#9')).toThrow(/no supervised process is labelled gateway#9/);
  });
});
