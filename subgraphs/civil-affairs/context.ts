/** What the civil-affairs resolvers get: the platform's department context over this department's adapters and loaders. */
import type { DepartmentContext } from '../../platform/department';
import type { SubsidyAdapter } from './adapters/elderly-disability-subsidy';
import type { SocialAssistanceAdapter } from './adapters/social-assistance';
import type { CivilAffairsLoaders } from './loaders';

export interface CivilAffairsAdapters {
  socialAssistance: SocialAssistanceAdapter;
  subsidies: SubsidyAdapter;
}

export type CivilAffairsContext = DepartmentContext<CivilAffairsAdapters, CivilAffairsLoaders>;
