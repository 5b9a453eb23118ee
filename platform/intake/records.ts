/**
 * What both intake stores compute the same way: record ids, date scores and the listing order.
 * Internal to platform/intake (not exported by the barrel).
 */
import { randomBytes } from 'node:crypto';
import { shanghaiDayStart } from '../../domain/calendar';
import type { FormType } from '../../domain/forms';
import type { DateRange } from '../../domain/period';
import type { Form, Intake } from './types';

/** `int_` + 22 URL-safe characters of 128 random bits: unguessable, so an id alone reveals nothing. */
export function newIntakeId(): string {
  return `int_${randomBytes(16).toString('base64url')}`;
}

/** One form of a type per intake: the id is the natural key, so a form can never be stored twice. */
export function formIdOf(intakeId: string, type: FormType): string {
  return `${intakeId}:${type}`;
}

/** YYYY-MM-DD -> YYYYMMDD as a number: a sort score that keeps calendar order. */
export function dateScore(date: string): number {
  return Number(date.replace(/-/g, ''));
}

/** Oldest first: by effective date, then by when it was recorded, then by id (a stable order). */
export function intakesOldestFirst(a: Intake, b: Intake): number {
  return order([a.change.effectiveDate, a.createdAt, a.id], [b.change.effectiveDate, b.createdAt, b.id]);
}

/**
 * The instants a range of Shanghai dates covers, as ISO timestamps (UTC): from the first day's
 * start (inclusive) to the day after the last one's start (exclusive). ISO timestamps in UTC sort
 * as text, so both stores compare them as stored.
 */
export function instantsOf(range: DateRange): { from: string; until: string } {
  const dayAfter = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { from: shanghaiDayStart(range.from), until: shanghaiDayStart(dayAfter) };
}

/** In the order the forms were made, then by id (a stable order). */
export function formsMadeFirst(a: Form, b: Form): number {
  return order([a.createdAt, a.id], [b.createdAt, b.id]);
}

/** Oldest first: by effective date, then by when it was recorded, then by id (a stable order). */
export function formsOldestFirst(a: Form, b: Form): number {
  return order([a.effectiveDate, a.createdAt, a.id], [b.effectiveDate, b.createdAt, b.id]);
}

function order(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** A W3C traceparent (version-traceid-spanid-flags, lower-case hex), the only trace context an intake keeps. */
const TRACE_PARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The traceparent to store with an intake: the given one when well-formed, else none (tracing is never a reason to refuse a report). */
export function storedTraceParent(traceParent: string | undefined): string | null {
  return traceParent && TRACE_PARENT.test(traceParent) ? traceParent : null;
}
