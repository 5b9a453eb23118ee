export { CommunityRegistryAdapter, RegistryRejection } from './executor';
export type { Dwelling, DwellingOccupancy, ImportedChange, PersonPage, RecordedChange, RegistryChange, RejectionReason } from './executor';
export { LOOKUP_MAX, PAGE_MAX } from './description';
