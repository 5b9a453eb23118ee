/**
 * What makes the client's calls cheap, counted at a real HTTP server on port 0: connections kept
 * alive and reused, identical reads in flight sent once, and a system's calls held to its
 * concurrency.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient } from './client';

/** A server that counts connections and requests, and the most requests it had open at once. */
async function countingServer(reply: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('ok')) {
  const seen = { connections: 0, requests: 0, open: 0, maxOpen: 0 };
  const server = createServer((req, res) => {
    seen.requests++;
    seen.open++;
    seen.maxOpen = Math.max(seen.maxOpen, seen.open);
    res.on('finish', () => seen.open--);
    req.resume();
    req.on('end', () => reply(req, res));
  });
  server.on('connection', () => seen.connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/** Replies held until the test lets them go: a system that stays silent. */
function heldReplies() {
  const held: ServerResponse[] = [];
  return {
    reply: (_req: IncomingMessage, res: ServerResponse) => void held.push(res),
    releaseAll: () => held.splice(0).forEach((res) => res.end('ok')),
  };
}

describe('HttpClient: cheaper calls', () => {
  it('sends sequential requests over kept-alive connections: 20 calls, at most 2 connections', async () => {
    const s = await countingServer();
    const client = new HttpClient({ system: 'ELDERLY_DISABILITY_SUBSIDY', baseUrl: s.url, timeoutMs: 10_000 });
    try {
      for (let i = 0; i < 20; i++) await client.request({ method: 'POST', path: `/soap/${i}`, body: '<x/>', kind: 'read' });
      expect(s.seen.requests).toBe(20);
      // Not exactly 1: undici gives a connection back to the pool a tick after its reply ends, so a
      // call made in that tick opens a second one (global fetch does the same); both are then reused.
      expect(s.seen.connections).toBeLessThanOrEqual(2);
    } finally {
      await client.close();
      await s.close();
    }
  });

  // The calls below are made in one synchronous loop, so each is in flight when the next is made.
  it('sends K identical reads in flight together once, and each caller gets the answer', async () => {
    const s = await countingServer();
    const client = new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: s.url, timeoutMs: 10_000 });
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => client.request({ method: 'GET', path: '/records?id=1' })));
      expect(answers.map((a) => a.body)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
      expect(s.seen.requests).toBe(1);
      // Once answered, the same read goes out again: only reads in flight are shared, nothing is cached.
      await client.request({ method: 'GET', path: '/records?id=1' });
      expect(s.seen.requests).toBe(2);
    } finally {
      await client.close();
      await s.close();
    }
  });

  it('sends reads that differ in query or body separately', async () => {
    const s = await countingServer();
    const client = new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: s.url, timeoutMs: 10_000 });
    try {
      await Promise.all([
        client.request({ method: 'GET', path: '/records?id=1' }),
        client.request({ method: 'GET', path: '/records?id=2' }),
        client.request({ method: 'POST', path: '/lookup', body: '["1"]', kind: 'read' }),
        client.request({ method: 'POST', path: '/lookup', body: '["2"]', kind: 'read' }),
      ]);
      expect(s.seen.requests).toBe(4);
    } finally {
      await client.close();
      await s.close();
    }
  });

  it('never shares a write, even an identical one in flight', async () => {
    const s = await countingServer();
    const client = new HttpClient({ system: 'SOCIAL_ASSISTANCE', baseUrl: s.url, timeoutMs: 10_000 });
    try {
      await Promise.all(Array.from({ length: 3 }, () => client.request({ method: 'POST', path: '/stop', body: '{"id":"1"}', idempotent: true })));
      expect(s.seen.requests).toBe(3);
    } finally {
      await client.close();
      await s.close();
    }
  });

  it('keeps the calls in flight to a system at its maxInFlight, and every call is answered', async () => {
    const s = await countingServer((_req, res) => setTimeout(() => res.end('ok'), 20));
    const client = new HttpClient({ system: 'ELDERLY_DISABILITY_SUBSIDY', baseUrl: s.url, timeoutMs: 30_000, maxInFlight: 3 });
    try {
      const calls = Array.from({ length: 24 }, (_, i) => client.request({ method: 'POST', path: '/soap', body: `<id>${i}</id>`, kind: 'read' }));
      await Promise.all(calls);
      expect(s.seen.requests).toBe(24);
      expect(s.seen.maxOpen).toBeLessThanOrEqual(3);
    } finally {
      await client.close();
      await s.close();
    }
  });

  it('starts a call’s time budget when it gets its turn: calls queued longer than the budget are still answered', async () => {
    const s = await countingServer((_req, res) => setTimeout(() => res.end('ok'), 400));
    const client = new HttpClient({ system: 'ELDERLY_DISABILITY_SUBSIDY', baseUrl: s.url, timeoutMs: 2000, retries: 0, maxInFlight: 1 });
    try {
      // Eight turns of 400 ms: the last call waits about 2.8 s, longer than its 2 s budget.
      const calls = Array.from({ length: 8 }, (_, i) => client.request({ method: 'POST', path: '/soap', body: `<id>${i}</id>`, kind: 'read' }));
      await expect(Promise.all(calls)).resolves.toHaveLength(8);
      expect(s.seen.maxOpen).toBe(1);
    } finally {
      await client.close();
      await s.close();
    }
  });

  it('still gives up on a silent system with SYSTEM_TIMEOUT naming it, through the pool', async () => {
    const held = heldReplies();
    const s = await countingServer(held.reply);
    const client = new HttpClient({ system: 'ELDERLY_DISABILITY_SUBSIDY', baseUrl: s.url, timeoutMs: 300, retries: 0 });
    try {
      await expect(client.request({ method: 'POST', path: '/soap', body: '<x/>', kind: 'read' })).rejects.toMatchObject({ code: 'SYSTEM_TIMEOUT', system: 'ELDERLY_DISABILITY_SUBSIDY' });
    } finally {
      held.releaseAll();
      await client.close();
      await s.close();
    }
  });
});
