export { BATCH_LIMIT as SOCIAL_ASSISTANCE_BATCH_LIMIT } from './description';
export {
  SocialAssistanceAdapter,
  type CaseBenefit,
  type SocialAssistanceRecord,
  type TerminationDetails,
  type TerminationOutcome,
} from './executor';
