export {
  SoapFaultError,
  SubsidyAdapter,
  type DisabilityCategory,
  type DisabilitySubsidy,
  type StopDetails,
  type StopOutcome,
  type SubsidyAdapterOptions,
  type SubsidyRecord,
  type SubsidyType,
} from './executor';
