export {
  SoapFaultError,
  SubsidyAdapter,
  type RecordedSubsidy,
  type StopDetails,
  type StopOutcome,
  type SubsidyRecord,
  type SubsidyType,
} from './executor';
