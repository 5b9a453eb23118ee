/**
 * The synthetic population every stand-in is seeded from: ~13,000 residents of one district,
 * generated from a fixed seed so every machine gets the same people, the same enrolments and
 * the same deliberate cross-system disagreements. All names and numbers are synthetic.
 *
 * Each stand-in reads only its own section of a resident (registry, health, socialAssistance,
 * elderlyDisability, socialInsurance), as the real systems each hold only their own records.
 */
import { makeIdNumber } from '../../domain/idNumber';
import type { BenefitStatus, PensionKind, RegistryStatus } from '../../domain/residents';
import type { SystemName } from '../../domain/systems';
import type { PaidBenefit } from '../../domain/reconciliation';
import { COMMUNITIES, DISTRICT_ADDRESS_CODE } from './communities';
import { seededRandom, type Random } from './random';

/** The day the seed describes; every seeded event happened before it. */
export const SEED_AS_OF = '2026-10-01';
export const POPULATION_SIZE = 13_000;
const SEED = 20260101;

export interface SeedBenefit {
  status: BenefitStatus;
  monthlyAmount: number;
  since: string;
  stoppedOn: string | null;
}
export type DisabilityCategory = 'LIVING' | 'NURSING' | 'BOTH';

export interface SeedResident {
  idNumber: string;
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  community: string;
  dwellingId: string;
  address: string;
  registry: { status: RegistryStatus; statusSince: string | null };
  health: { deceased: boolean; deathDate: string | null; familyPlanningAssistance?: SeedBenefit };
  socialAssistance: { subsistenceAllowance?: SeedBenefit; specialHardship?: SeedBenefit };
  elderlyDisability: { elderlySubsidy?: SeedBenefit; disabilitySubsidy?: SeedBenefit & { category: DisabilityCategory } };
  socialInsurance: { insured: boolean; pension?: SeedBenefit & { kind: PensionKind } };
}

export interface SeedDwelling {
  dwellingId: string;
  community: string;
  address: string;
}

/** A benefit that one system still pays although another records the person dead or gone. */
export interface SeededDisagreement {
  idNumber: string;
  recordedBy: SystemName;
  event: 'DEATH' | 'MOVED_OUT';
  eventDate: string;
  paidBy: SystemName;
  benefit: PaidBenefit;
  monthlyAmount: number;
}
export type { PaidBenefit };

export interface Population {
  residents: readonly SeedResident[];
  dwellings: readonly SeedDwelling[];
  disagreements: readonly SeededDisagreement[];
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红建国志文辉力春梅琳云飞鹏宇浩然欣怡婷雪晨阳俊丹波斌峰莉燕海林凤琴荣宁';
const ROADS = ['桂湖中路', '蜀龙大道', '新中路', '大丰路', '三河场街', '香城大道', '正因路', '育英路'];

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
function yearsBefore(date: string, years: number): string {
  return `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;
}
function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
function randomDateBetween(rng: Random, from: string, to: string): string {
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  return addDays(from, rng.int(0, Math.max(0, Math.floor(span))));
}

function pickAge(rng: Random): number {
  const r = rng.next();
  if (r < 0.17) return rng.int(0, 17);
  if (r < 0.72) return rng.int(18, 59);
  if (r < 0.93) return rng.int(60, 79);
  if (r < 0.99) return rng.int(80, 89);
  return rng.int(90, 101);
}

function elderlyAmount(age: number): number {
  if (age >= 100) return 300;
  if (age >= 90) return 100;
  return 50;
}

function benefit(rng: Random, amount: number, earliest: string): SeedBenefit {
  return { status: 'ACTIVE', monthlyAmount: amount, since: randomDateBetween(rng, earliest, '2025-12-31'), stoppedOn: null };
}

/** Builds the population; pure and deterministic. Prefer {@link population}, which memoises it. */
export function generatePopulation(): Population {
  const rng = seededRandom(SEED);
  const residents: SeedResident[] = [];
  const dwellings: SeedDwelling[] = [];
  const sequenceByBirthDate = new Map<string, number>();
  const communityWeights = [0.4, 0.25, 0.2, 0.15];

  while (residents.length < POPULATION_SIZE) {
    const r = rng.next();
    let acc = 0;
    let communityIndex = 0;
    for (; communityIndex < communityWeights.length - 1; communityIndex++) {
      acc += communityWeights[communityIndex];
      if (r < acc) break;
    }
    const community = COMMUNITIES[communityIndex];
    const dwellingNumber = dwellings.length + 1;
    const dwelling: SeedDwelling = {
      dwellingId: `D${community.code.slice(6)}${String(dwellingNumber).padStart(5, '0')}`,
      community: community.code,
      address: `四川省成都市新都区${community.street}${rng.pick(ROADS)}${rng.int(1, 300)}号${rng.int(1, 20)}栋${rng.int(1, 4)}单元${rng.int(1, 30)}0${rng.int(1, 4)}室`,
    };
    dwellings.push(dwelling);
    const householdSize = Math.min(POPULATION_SIZE - residents.length, rng.pick([1, 2, 2, 3, 3, 3, 4, 4, 5]));
    const surname = rng.pick([...SURNAMES]);
    for (let member = 0; member < householdSize; member++) {
      const sex: 'M' | 'F' = rng.chance(0.5) ? 'M' : 'F';
      const age = pickAge(rng);
      const birthDate = addDays(yearsBefore(SEED_AS_OF, age + 1), rng.int(1, 364));
      const key = birthDate.replace(/-/g, '');
      const k = sequenceByBirthDate.get(key) ?? 0;
      sequenceByBirthDate.set(key, k + 1);
      const sequence = 2 * k + (sex === 'M' ? 1 : 2);
      const given = rng.chance(0.6) ? rng.pick([...GIVEN]) + rng.pick([...GIVEN]) : rng.pick([...GIVEN]);
      residents.push(
        enrol(rng, {
          idNumber: makeIdNumber(DISTRICT_ADDRESS_CODE, key, sequence),
          name: (member === 0 || rng.chance(0.7) ? surname : rng.pick([...SURNAMES])) + given,
          sex,
          birthDate,
          community: community.code,
          dwellingId: dwelling.dwellingId,
          address: dwelling.address,
          registry: { status: 'RESIDENT', statusSince: null },
          health: { deceased: false, deathDate: null },
          socialAssistance: {},
          elderlyDisability: {},
          socialInsurance: { insured: false },
        }),
      );
    }
  }
  applyHistory(rng, residents);
  const disagreements = plantDisagreements(residents);
  return { residents, dwellings, disagreements };
}

/** Realistic enrolment in each system's benefits, by age. */
function enrol(rng: Random, p: SeedResident): SeedResident {
  const age = ageOn(p.birthDate, SEED_AS_OF);
  const retirementAge = p.sex === 'M' ? 60 : 55;
  if (age >= 18 && rng.chance(0.03)) {
    p.socialAssistance.subsistenceAllowance = benefit(rng, rng.int(45, 100) * 10, '2012-01-01');
  } else if (age >= 60 && rng.chance(0.02)) {
    p.socialAssistance.specialHardship = benefit(rng, rng.int(130, 150) * 10, '2012-01-01');
  }
  if (age >= 80 && rng.chance(0.92)) {
    p.elderlyDisability.elderlySubsidy = benefit(rng, elderlyAmount(age), yearsBefore(p.birthDate, -80));
  }
  if (rng.chance(0.02)) {
    const category = rng.pick(['LIVING', 'NURSING', 'BOTH'] as const);
    p.elderlyDisability.disabilitySubsidy = { ...benefit(rng, category === 'BOTH' ? 180 : 90, '2016-01-01'), category };
  }
  if (age >= retirementAge) {
    const r = rng.next();
    if (r < 0.55) {
      p.socialInsurance = { insured: true, pension: { ...benefit(rng, rng.int(220, 520) * 10, '2000-01-01'), kind: 'EMPLOYEE_RETIREMENT' } };
    } else if (r < 0.9) {
      p.socialInsurance = { insured: true, pension: { ...benefit(rng, rng.int(18, 42) * 10, '2011-01-01'), kind: 'URBAN_RURAL_RESIDENT' } };
    }
  } else if (age >= 18 && rng.chance(0.62)) {
    p.socialInsurance = { insured: true };
  }
  if (age >= 49 && rng.chance(0.006)) {
    p.health.familyPlanningAssistance = benefit(rng, rng.int(59, 72) * 10, '2008-01-01');
  }
  return p;
}

function allBenefits(p: SeedResident): SeedBenefit[] {
  return [
    p.socialAssistance.subsistenceAllowance,
    p.socialAssistance.specialHardship,
    p.elderlyDisability.elderlySubsidy,
    p.elderlyDisability.disabilitySubsidy,
    p.socialInsurance.pension,
    p.health.familyPlanningAssistance,
  ].filter((b): b is SeedBenefit => b !== undefined);
}

function stopAll(p: SeedResident, on: string): void {
  for (const b of allBenefits(p)) {
    b.status = 'STOPPED';
    b.stoppedOn = on;
  }
}

/** Past deaths and moves that every system already knows about (consistent records). */
function applyHistory(rng: Random, residents: SeedResident[]): void {
  for (const p of residents) {
    const r = rng.next();
    if (r < 0.004) {
      const date = randomDateBetween(rng, '2020-01-01', '2026-08-31');
      p.registry = { status: 'DECEASED', statusSince: date };
      p.health.deceased = true;
      p.health.deathDate = date;
      stopAll(p, date);
    } else if (r < 0.01) {
      const date = randomDateBetween(rng, '2020-01-01', '2026-08-31');
      p.registry = { status: 'MOVED_OUT', statusSince: date };
      // A move stops the local benefits; the employee pension follows the person.
      for (const b of allBenefits(p)) {
        if (b !== p.socialInsurance.pension || p.socialInsurance.pension.kind !== 'EMPLOYEE_RETIREMENT') {
          b.status = 'STOPPED';
          b.stoppedOn = date;
        }
      }
    }
  }
}

interface Plant {
  benefit: PaidBenefit;
  event: 'DEATH' | 'MOVED_OUT';
  count: number;
  get(p: SeedResident): SeedBenefit | undefined;
  paidBy: SystemName;
}

const PLANTS: Plant[] = [
  { benefit: 'SUBSISTENCE_ALLOWANCE', event: 'DEATH', count: 4, paidBy: 'SOCIAL_ASSISTANCE', get: (p) => p.socialAssistance.subsistenceAllowance },
  { benefit: 'SUBSISTENCE_ALLOWANCE', event: 'MOVED_OUT', count: 2, paidBy: 'SOCIAL_ASSISTANCE', get: (p) => p.socialAssistance.subsistenceAllowance },
  { benefit: 'SPECIAL_HARDSHIP', event: 'DEATH', count: 1, paidBy: 'SOCIAL_ASSISTANCE', get: (p) => p.socialAssistance.specialHardship },
  { benefit: 'ELDERLY_SUBSIDY', event: 'DEATH', count: 2, paidBy: 'ELDERLY_DISABILITY_SUBSIDY', get: (p) => p.elderlyDisability.elderlySubsidy },
  { benefit: 'DISABILITY_SUBSIDY', event: 'MOVED_OUT', count: 1, paidBy: 'ELDERLY_DISABILITY_SUBSIDY', get: (p) => p.elderlyDisability.disabilitySubsidy },
  { benefit: 'EMPLOYEE_PENSION', event: 'DEATH', count: 2, paidBy: 'SOCIAL_INSURANCE', get: (p) => (p.socialInsurance.pension?.kind === 'EMPLOYEE_RETIREMENT' ? p.socialInsurance.pension : undefined) },
  { benefit: 'RESIDENT_PENSION', event: 'MOVED_OUT', count: 1, paidBy: 'SOCIAL_INSURANCE', get: (p) => (p.socialInsurance.pension?.kind === 'URBAN_RURAL_RESIDENT' ? p.socialInsurance.pension : undefined) },
];

/**
 * The deliberate disagreements reconciliation must find: a death known to the health platform
 * (or a move known to the registry) that never reached the system still paying a benefit.
 * Every other benefit of the person is consistently stopped, so each planted case is exactly one anomaly.
 */
function plantDisagreements(residents: SeedResident[]): SeededDisagreement[] {
  const out: SeededDisagreement[] = [];
  const used = new Set<string>();
  // Walk from a fixed offset with a fixed stride so the planted people are spread over communities.
  for (const plant of PLANTS) {
    let planted = 0;
    for (let i = 101; i < residents.length * 7 && planted < plant.count; i += 7) {
      const p = residents[i % residents.length];
      const paid = plant.get(p);
      if (used.has(p.idNumber) || p.registry.status !== 'RESIDENT' || !paid || paid.status !== 'ACTIVE') continue;
      used.add(p.idNumber);
      planted++;
      const eventDate = addDays('2026-03-01', (planted * 37 + out.length * 11) % 180);
      for (const b of allBenefits(p)) {
        if (b !== paid) {
          b.status = 'STOPPED';
          b.stoppedOn = eventDate;
        }
      }
      if (plant.event === 'DEATH') {
        // The health platform registered the death; nobody told the registry or the paying system.
        p.health.deceased = true;
        p.health.deathDate = eventDate;
        out.push({ idNumber: p.idNumber, recordedBy: 'HEALTH_PLATFORM', event: 'DEATH', eventDate, paidBy: plant.paidBy, benefit: plant.benefit, monthlyAmount: paid.monthlyAmount });
      } else {
        p.registry = { status: 'MOVED_OUT', statusSince: eventDate };
        out.push({ idNumber: p.idNumber, recordedBy: 'COMMUNITY_REGISTRY', event: 'MOVED_OUT', eventDate, paidBy: plant.paidBy, benefit: plant.benefit, monthlyAmount: paid.monthlyAmount });
      }
    }
  }
  return out;
}

let cached: Population | undefined;
/** The population, generated once per process. Treat it as read-only. */
export function population(): Population {
  cached ??= generatePopulation();
  return cached;
}

/** Residents the seed treats as living in the district with no planted disagreement (handy for tests). */
export function consistentResidents(): SeedResident[] {
  const { residents, disagreements } = population();
  const planted = new Set(disagreements.map((d) => d.idNumber));
  return residents.filter((p) => p.registry.status === 'RESIDENT' && !p.health.deceased && !planted.has(p.idNumber));
}
