/** The desk's count of new forms: how many, and how many fell into periods the department had already seen. */
import type { FormRow } from '../../contract/pageOperations';
import { newSummary } from './forms';

const form = (effectiveDate: string, isNew: boolean): FormRow => ({
  id: `int_x:${effectiveDate}`, type: 'DEATH_REGISTRATION_REPORT', number: 11, title: '死亡登记报告表', department: 'health',
  effectiveDate, createdAt: '2026-12-07T02:00:00.000Z', intakeId: 'int_x', isNew, withdrawn: false, handledAt: null, handledBy: null, fields: [],
});

describe('newSummary', () => {
  it('counts new forms, and of them those whose change took effect on or before the (Shanghai) day of the last mark', () => {
    // Marked at 2026-12-05T17:00Z: already 6 December in Shanghai.
    const forms = [form('2026-11-15', true), form('2026-12-06', true), form('2026-12-07', true), form('2026-11-20', false)];
    expect(newSummary(forms, '2026-12-05T17:00:00.000Z')).toBe('上次查看后新增 3 份，其中 2 份属于已下载过的期间。');
  });

  it('says none are late when the department never looked, and when nothing is new', () => {
    expect(newSummary([form('2026-11-15', true)], null)).toBe('上次查看后新增 1 份，其中 0 份属于已下载过的期间。');
    expect(newSummary([form('2026-11-15', false)], '2026-12-05T17:00:00.000Z')).toBe('上次查看后没有新增表单。');
  });
});
