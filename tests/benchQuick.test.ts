/**
 * `npm run bench -- --quick` as CI runs it: every peer gateway (vanilla @apollo/gateway, Hive
 * Gateway, Hive with the Rust planner) starts as its own process over the project's subgraphs and
 * stand-ins, signs its subgraph requests so the subgraphs accept them, and answers every bench read
 * exactly as the project's gateway does. Nothing is timed: the figures of a quick run mean nothing.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { quickVerdict } from '../bench/results';

const ROOT = join(__dirname, '..');

function runQuick(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick'], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench -- --quick', () => {
  it('starts every peer and each answers every read exactly as the project gateway does', async () => {
    const run = await runQuick();
    expect(run.stderr).not.toMatch(/answered differently/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(quickVerdict(['Q1', 'Q2', 'Q3', 'community', 'hrss'], ['project', 'apollo', 'hive', 'hive-rust']));
  }, 15 * 60_000);
});
