/**
 * One latency profile of the bench: stand-ins with that profile, the main copy (every switch on,
 * the project's gateway and the peers), then, one at a time, copies with a switch off.
 */
import { SYSTEMS, type SystemName } from '../domain/systems';
import { consistentResidents, type SeedResident } from '../systems/seed/population';
import { auditBytesPerRead } from './auditBytes';
import { burst, gatewayReporter, percentile, registryRecords } from './burst';
import type { BenchSettings } from './config';
import { loadRounds, requestsPerTurn, type Contender } from './load';
import { slowestLatencyMs, type ProfileName } from './profiles';
import { benchReads, compareAnswers, prepare, PURPOSE, send, type PreparedRead } from './reads';
import type { CallsResult, ProfileResult, SwitchResult } from './results';
import { ALL_ON, startCopy, startStandIns, type Copy, type StandIns } from './topology';
import { DEVELOPMENT_JWT_SECRET, mintToken } from '../platform/auth/tokens';

/** Copies with switches off, each compared with the main copy on the reads it should speed up. */
const VARIANTS = [
  { name: 'cache + pooled calls off', env: { SYSTEM_CACHE: 'off', SYSTEM_CALLS: 'plain' }, reads: ['Q1', 'Q2'] },
  { name: 'audit log off', env: { AUDIT_LOG: 'off' }, reads: ['Q2'] },
] as const;

export interface ProfileOutcome {
  result: ProfileResult;
  differing: Record<string, string[]>;
  peakRssMb: Record<string, number>;
}

async function systemCalls(standIns: StandIns): Promise<Record<string, number>> {
  const names = Object.keys(SYSTEMS) as SystemName[];
  return Object.fromEntries(await Promise.all(names.map(async (s) => [s, (await standIns.stats(s)).total] as const)));
}

async function callsPerOperation(standIns: StandIns, gatewayUrl: string, read: PreparedRead): Promise<CallsResult> {
  const once = async () => {
    const before = await systemCalls(standIns);
    await send(gatewayUrl, read);
    const after = await systemCalls(standIns);
    return Object.fromEntries(Object.entries(after).map(([s, n]) => [s, n - before[s]]).filter(([, n]) => n !== 0));
  };
  const cold = await once();
  return { read: read.name, cold, warm: await once() };
}

/** The residents each part uses, apart: the one Q1 reads, the community worker's earlier reports, the burst. */
function cast(burstReports: number): { reader: SeedResident; community: string; earlier: SeedResident[]; burst: SeedResident[] } {
  const living = consistentResidents();
  const reader = living[living.length - 1];
  const community = living[0].community;
  const earlier = living.filter((r) => r.community === community).slice(0, 10);
  const burstPeople = living.filter((r) => !earlier.includes(r) && r !== reader).slice(0, burstReports);
  return { reader, community, earlier, burst: burstPeople };
}

/** The read's one-at-a-time time on the project's gateway, median of three, ms. */
async function serialMs(gatewayUrl: string, read: PreparedRead): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await send(gatewayUrl, read);
    times.push(performance.now() - started);
  }
  return percentile(times, 0.5);
}

async function reconciliation(gatewayUrl: string): Promise<number> {
  const token = await mintToken(DEVELOPMENT_JWT_SECRET, { role: 'supervision', subject: 'bench', expiresIn: '2h' });
  const started = performance.now();
  const res = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': PURPOSE },
    body: JSON.stringify({ query: '{ benefitAnomalies { paidBy benefit monthlyAmount } }' }),
  });
  const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  const elapsed = performance.now() - started;
  if (body.errors) throw new Error(`reconciliation answered with errors: ${body.errors.map((e) => e.extensions?.code ?? 'no code').join(', ')}`);
  return elapsed;
}

function recordPeaks(peaks: Record<string, number>, copies: { processes: { label: string; peakRssMb(): number | null }[] }[]): void {
  for (const p of copies.flatMap((c) => c.processes)) {
    const mb = p.peakRssMb();
    if (mb !== null) peaks[p.label] = Math.max(peaks[p.label] ?? 0, mb);
  }
}

export async function runProfile(outDir: string, profile: ProfileName, settings: BenchSettings, quick: boolean, log: (line: string) => void): Promise<ProfileOutcome> {
  const standIns = await startStandIns(outDir, profile);
  const copies: Copy[] = [];
  const peaks: Record<string, number> = {};
  try {
    const main = await startCopy(outDir, standIns, 'main', ALL_ON, true);
    copies.push(main);
    const project = main.gateways.project!.url;
    const people = cast(settings.burstReports);
    const reads = await Promise.all(benchReads(people.reader, people.community).map(prepare));
    log(`${profile}: ${main.processes.length + standIns.processes.length} processes up; system calls per operation`);
    const calls: CallsResult[] = [];
    for (const read of reads.filter((r) => r.name !== 'community')) calls.push(await callsPerOperation(standIns, project, read));
    // The worker's page lists reports: make some before comparing it.
    const earlier = await burst(people.earlier, 5, gatewayReporter(project, PURPOSE));
    if (earlier.notComplete) throw new Error(`${earlier.notComplete} of the community worker's earlier reports did not complete`);
    const gatewayUrls = Object.fromEntries(Object.entries(main.gateways).map(([name, p]) => [name, p!.url]));
    const differing: Record<string, string[]> = {};
    const expected: Record<string, Record<string, string>> = {};
    for (const read of reads) {
      const comparison = await compareAnswers(gatewayUrls, read);
      if (!comparison.identical) differing[read.name] = comparison.differing;
      expected[read.name] = comparison.raw;
    }
    if (Object.keys(differing).length) return { result: emptyResult(profile, calls), differing, peakRssMb: peaks };
    log(`${profile}: every gateway answered every read identically; audit bytes per resident read`);
    const auditBytes = await auditBytesPerRead(main.dataDir, project, reads.find((r) => r.name === 'Q2')!, 50, quick ? 2 : 20);
    log(`  audit: ${auditBytes.perResidentRead.toFixed(1)} bytes per resident read (${auditBytes.residentReads} reads in ${auditBytes.requests} Q2), ${auditBytes.perResidentInAnswer.toFixed(1)} per resident answered`);
    log(`${profile}: timing reads`);
    const readResults = [];
    const amounts: Record<string, number> = {};
    for (const read of reads) {
      const contenders: Contender[] = Object.entries(gatewayUrls).map(([name, url]) => ({ name, url, expected: expected[read.name][name] }));
      const amount = requestsPerTurn(await serialMs(project, read), settings);
      amounts[read.name] = amount;
      readResults.push({ read: read.name, label: read.label, gateways: await loadRounds(read, contenders, settings, amount) });
      log(`  ${read.label}: ${Object.entries(readResults[readResults.length - 1].gateways).map(([n, f]) => `${n} ${f.rps.toFixed(1)}/s`).join(', ')}`);
    }
    const switches: SwitchResult[] = [];
    for (const variant of VARIANTS) {
      const copy = await startCopy(outDir, standIns, variant.name, { ...ALL_ON, ...variant.env }, false);
      copies.push(copy);
      for (const name of variant.reads) {
        const read = reads.find((r) => r.name === name)!;
        // A switch may change the cost of an answer, never the answer.
        const comparison = await compareAnswers({ project, off: copy.gateways.project!.url }, read);
        if (!comparison.identical) differing[`${name} with ${variant.name}`] = comparison.differing;
        const figures = await loadRounds(read, [{ name: 'on', url: project, expected: comparison.raw.project }, { name: 'off', url: copy.gateways.project!.url, expected: comparison.raw.off }], settings, amounts[name]);
        switches.push({ variant: variant.name, read: name, on: figures.on, off: figures.off });
        log(`  ${name} ${variant.name}: on ${figures.on.rps.toFixed(1)}/s, off ${figures.off.rps.toFixed(1)}/s`);
      }
      recordPeaks(peaks, [copy]);
      await copy.close();
    }
    const burstTimes = await burst(people.burst, settings.burstInFlight, gatewayReporter(project, PURPOSE));
    const records = registryRecords(standIns.dataDir, people.burst);
    log(`${profile}: burst of ${people.burst.length}: ${(people.burst.length / burstTimes.seconds).toFixed(1)}/s, ${burstTimes.notComplete} not COMPLETE`);
    const reconciliationMs = quick ? null : await reconciliation(project);
    recordPeaks(peaks, [main, standIns]);
    return {
      differing,
      peakRssMb: peaks,
      result: {
        profile,
        slowestSystemMs: slowestLatencyMs(profile),
        calls,
        reads: readResults,
        switches,
        burst: {
          reports: people.burst.length,
          inFlight: settings.burstInFlight,
          acceptedPerSecond: people.burst.length / burstTimes.seconds,
          p50: burstTimes.times.length ? percentile(burstTimes.times, 0.5) : NaN,
          p99: burstTimes.times.length ? percentile(burstTimes.times, 0.99) : NaN,
          notComplete: burstTimes.notComplete,
          ...records,
        },
        reconciliationMs,
        auditBytes,
      },
    };
  } finally {
    recordPeaks(peaks, [...copies, standIns]);
    for (const copy of copies.reverse()) await copy.close();
    await standIns.close();
  }
}

function emptyResult(profile: ProfileName, calls: CallsResult[]): ProfileResult {
  return { profile, slowestSystemMs: slowestLatencyMs(profile), calls, reads: [], switches: [], burst: { reports: 0, inFlight: 0, acceptedPerSecond: 0, p50: NaN, p99: NaN, notComplete: 0, lost: 0, duplicated: 0 }, reconciliationMs: null, auditBytes: null };
}
