/** Limits of what a report may say, shared by the schema and the pages' messages (no schema library here). */

/** How far back a change may be reported: older ones go through the archive office, not this form. */
export const MAX_REPORT_AGE_YEARS = 5;
