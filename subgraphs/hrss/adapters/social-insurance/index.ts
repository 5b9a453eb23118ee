export { SocialInsuranceAdapter } from './executor';
export type { InsuranceRecord, StopPensionInput, StopPensionOutcome, FuneralClaimInput, FuneralClaimOutcome, SocialInsuranceAdapterOptions } from './executor';
export { MAX_IDS_PER_QUERY as SOCIAL_INSURANCE_MAX_BATCH } from './description';
