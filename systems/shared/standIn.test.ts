/**
 * The behaviour every stand-in inherits: seeded once, requests counted by kind, and the faults
 * of the contract (down, slow, error, lose-reply) injected through POST /__admin/faults.
 */
import type { Router } from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StandInDefinition } from './standIn';
import { startStandIn, type StartedStandIn } from '../../tests/support/standIns';

let seeds = 0;
const tinyDefinition: StandInDefinition = {
  system: 'SOCIAL_ASSISTANCE',
  schemaSql: 'CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)',
  seed: (db) => {
    seeds++;
    db.prepare("INSERT INTO items (name) VALUES ('first')").run();
  },
  routes: (router: Router, ctx) => {
    router.get('/items', ctx.stats.as('list'), (_req, res) => {
      res.json(ctx.db.prepare('SELECT * FROM items').all());
    });
    router.post('/items', ctx.stats.as('create'), (req, res) => {
      ctx.db.prepare('INSERT INTO items (name) VALUES (?)').run(String(req.body.name));
      res.status(201).json({ ok: true });
    });
  },
  errorReply: (res) => {
    res.status(500).json({ error: 'internal' });
  },
};

const fault = (s: StartedStandIn, body: unknown) =>
  fetch(`${s.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('stand-in base', () => {
  let dir: string;
  let s: StartedStandIn;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stand-in-base-'));
    s = await startStandIn(tinyDefinition, { dataDir: dir });
  });
  afterAll(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await fault(s, { mode: 'none' });
  });

  it('seeds an empty store once, and not again on restart', async () => {
    await s.close();
    s = await startStandIn(tinyDefinition, { dataDir: dir });
    expect(seeds).toBe(1);
    expect(await (await fetch(`${s.url}/items`)).json()).toEqual([{ id: 1, name: 'first' }]);
  });

  it('counts protocol requests by kind, not admin ones', async () => {
    await fetch(`${s.url}/__admin/stats/reset`, { method: 'POST' });
    await fetch(`${s.url}/items`);
    await fetch(`${s.url}/items`);
    const stats = await (await fetch(`${s.url}/__admin/stats`)).json();
    expect(stats).toMatchObject({ system: 'social-assistance', total: 2, byKind: { list: 2 } });
  });

  it('down: drops the connection unanswered', async () => {
    await fault(s, { mode: 'down' });
    await expect(fetch(`${s.url}/items`)).rejects.toThrow();
  });

  it('slow: delays every request by latencyMs', async () => {
    await fault(s, { mode: 'slow', latencyMs: 300 });
    const started = Date.now();
    await fetch(`${s.url}/items`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('error: answers with the protocol’s own error reply', async () => {
    await fault(s, { mode: 'error' });
    const res = await fetch(`${s.url}/items`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal' });
  });

  it('lose-reply: carries the write out but loses the answer', async () => {
    await fault(s, { mode: 'lose-reply' });
    await expect(fetch(`${s.url}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"lost"}' })).rejects.toThrow();
    await fault(s, { mode: 'none' });
    const names = ((await (await fetch(`${s.url}/items`)).json()) as { name: string }[]).map((i) => i.name);
    expect(names).toContain('lost');
  });

  it('a fault with a path affects only the requests whose path contains it', async () => {
    await fault(s, { mode: 'error', path: '/items/special' });
    expect((await fetch(`${s.url}/items`)).status).toBe(200);
  });

  it('a fault with times affects only that many requests, counting down in GET /__admin/faults, then clears itself', async () => {
    await fault(s, { mode: 'error', times: 2 });
    expect((await fetch(`${s.url}/items`)).status).toBe(500);
    expect(await (await fetch(`${s.url}/__admin/faults`)).json()).toMatchObject({ mode: 'error', times: 1 });
    expect((await fetch(`${s.url}/items`)).status).toBe(500);
    expect(await (await fetch(`${s.url}/__admin/faults`)).json()).toEqual({ mode: 'none', latencyMs: 5000 });
    expect((await fetch(`${s.url}/items`)).status).toBe(200);
  });

  it('refuses an unknown fault mode with the expected shape', async () => {
    const res = await fault(s, { mode: 'melt' });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/"mode"/);
  });
});
