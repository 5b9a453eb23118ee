export {
  SoapFaultError,
  SubsidyAdapter,
  type RecordedSubsidy,
  type StopDetails,
  type StopOutcome,
  type SubsidyAdapterOptions,
  type SubsidyRecord,
  type SubsidyType,
} from './executor';
