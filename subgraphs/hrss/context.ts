/** What the HR & social security resolvers get: the platform's department context over this department's adapters and loaders. */
import type { DepartmentContext } from '../../platform/department';
import type { SocialInsuranceAdapter } from './adapters/social-insurance';
import type { HrssLoaders } from './loaders';

export interface HrssAdapters {
  /** For the department's writes (pension stop, funeral claim) and its loaders. */
  socialInsurance: SocialInsuranceAdapter;
}

export type HrssContext = DepartmentContext<HrssAdapters, HrssLoaders>;
