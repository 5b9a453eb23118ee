export { SocialInsuranceAdapter } from './executor';
export type { StopPensionInput, StopPensionOutcome, FuneralClaimInput, FuneralClaimOutcome, SocialInsuranceAdapterOptions } from './executor';
export { MAX_IDS_PER_QUERY as SOCIAL_INSURANCE_MAX_BATCH } from './description';
export type { FuneralClaim, InsurancePension, InsuranceRecord } from './description';
