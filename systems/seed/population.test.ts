import { idNumberProblem } from '../../domain/idNumber';
import { generatePopulation, POPULATION_SIZE } from './population';

describe('the synthetic population', () => {
  const pop = generatePopulation();

  it('has the planned size with unique, valid GB 11643 numbers of district 510114', () => {
    expect(pop.residents).toHaveLength(POPULATION_SIZE);
    const ids = new Set(pop.residents.map((r) => r.idNumber));
    expect(ids.size).toBe(POPULATION_SIZE);
    for (const r of pop.residents) {
      expect(idNumberProblem(r.idNumber)).toBeNull();
      expect(r.idNumber.startsWith('510114')).toBe(true);
    }
  });

  it('is the same on every run (fixed seed)', () => {
    const again = generatePopulation();
    expect(again.residents[4321]).toEqual(pop.residents[4321]);
    expect(again.disagreements).toEqual(pop.disagreements);
  });

  it('enrols realistic shares in each benefit', () => {
    const count = (f: (r: (typeof pop.residents)[number]) => unknown) => pop.residents.filter(f).length;
    expect(count((r) => r.socialAssistance.subsistenceAllowance)).toBeGreaterThan(200);
    expect(count((r) => r.elderlyDisability.elderlySubsidy)).toBeGreaterThan(500);
    expect(count((r) => r.socialInsurance.pension?.kind === 'EMPLOYEE_RETIREMENT')).toBeGreaterThan(1000);
    expect(count((r) => r.health.familyPlanningAssistance)).toBeGreaterThan(10);
  });

  it('plants each disagreement on a different person still paid by exactly one system', () => {
    expect(pop.disagreements.length).toBe(13);
    expect(new Set(pop.disagreements.map((d) => d.idNumber)).size).toBe(13);
    for (const d of pop.disagreements) {
      const r = pop.residents.find((x) => x.idNumber === d.idNumber)!;
      if (d.event === 'DEATH') expect(r.health.deceased).toBe(true);
      else expect(r.registry.status).toBe('MOVED_OUT');
    }
  });
});
