import type { Community } from '../../domain/residents';

/** The district's communities (synthetic names, 12-digit statistical division codes under 510114). */
export const COMMUNITIES: readonly Community[] = [
  { code: '510114001001', name: '桂湖社区', street: '新都街道' },
  { code: '510114001002', name: '蜀龙社区', street: '新都街道' },
  { code: '510114002001', name: '大丰社区', street: '大丰街道' },
  { code: '510114003001', name: '三河社区', street: '三河街道' },
];

/** The six-digit administrative division code of the district (Xindu, Chengdu). */
export const DISTRICT_ADDRESS_CODE = '510114';
