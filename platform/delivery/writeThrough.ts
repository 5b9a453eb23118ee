/**
 * The write-through of one change to one system, the same for every department: the platform
 * walks the rules table (domain/rules.ts) once, and the department only says how to read its
 * system, what the record holds, how to carry out each write action, and what its record adds to
 * each of its forms (declared in domain/forms). A department's delivery is that declaration:
 *
 *   writeThrough({ system, read, holdings, writes: { STOP_PENSION: ... }, forms: { RETIREMENT_BENEFIT_CANCELLATION: ... } })
 *
 * Idempotence on redelivery is decided here for every system: a holding the system records
 * ended under this intake's id was written by a run before a crash, so its write is not sent
 * again, and the delivery answers the same forms.
 */
import { fillForm, FORMS, type FormFacts, type FormType } from '../../domain/forms';
import { planFrom, RULES, rowsFor, type Enrolment, type Rule, type WriteAction } from '../../domain/rules';
import type { SystemName } from '../../domain/systems';
import type { Intake, NewForm } from '../intake/types';
import { endedBy, heldFor, type Holding } from './holdings';
import { deliveryKey } from './keys';
import type { DeliveryHandler, DeliveryOutcome } from './worker';

/** What a write action is given: the intake, the record as read, and the idempotency key of this write. */
export interface WriteRequest<Rec> {
  intake: Intake;
  record: Rec;
  /** Derived from the intake, the system and the action: the same on every retry, another for every other write. */
  key: string;
}

/** The write actions a system carries out: each answers what it wrote for the forms (`{}` when nothing to add), or null when nothing was written for this intake. */
export type WriteActions<Rec, Done> = { [A in WriteAction]?: (request: WriteRequest<Rec>) => Promise<Partial<Done> | null> };

/** What the department's record adds to each of its forms, from the record as read and what the writes answered. */
export type FormSources<Rec, Done> = { [T in FormType]?: (record: Rec, done: Partial<Done>) => FormFacts<T> };

/** A department's declaration of its delivery to one system it owns. */
export interface SystemWrites<Rec, Done extends object = Record<string, never>> {
  system: SystemName;
  /** The person's record in the system; null when the system does not know them (NOT_APPLICABLE). */
  read(idNumber: string): Promise<Rec | null>;
  /** What the record holds that the rules table knows of, by enrolment; an enrolment absent here is not held. */
  holdings(record: Rec): Partial<Record<Enrolment, Holding>>;
  /** One function per write action the rules table gives this system. */
  writes: WriteActions<Rec, Done>;
  /** One function per form the rules table gives this system. */
  forms: FormSources<Rec, Done>;
}

const NOT_APPLICABLE: DeliveryOutcome = { status: 'NOT_APPLICABLE', forms: [] };

/** The runnable delivery the worker claims work for. Throws at once (at start-up) when the declaration lacks a write or a form its rules table rows name. */
export function writeThrough<Rec, Done extends object = Record<string, never>>(spec: SystemWrites<Rec, Done>): DeliveryHandler {
  for (const rule of RULES.filter((r) => r.system === spec.system)) {
    if (rule.write) writeOf(spec, rule.write, rule);
    formOf(spec, rule.form, rule);
  }
  return { system: spec.system, deliver: (intake) => carryOut(spec, intake) };
}

/** Carries a change out in one system: the rules that apply, each write once, the forms of what was written. */
async function carryOut<Rec, Done extends object>(spec: SystemWrites<Rec, Done>, intake: Intake): Promise<DeliveryOutcome> {
  const { kind, idNumber } = intake.change;
  const rows = rowsFor(kind, spec.system);
  // No row applies to this kind whatever the system holds (a move, on the health platform): answer
  // without calling the system, so such a change is never held up, or dead-lettered, by it being down.
  if (rows.length === 0) return NOT_APPLICABLE;
  const record = await spec.read(idNumber);
  if (record === null) return NOT_APPLICABLE;
  const holdings = spec.holdings(record);
  const plan = planFrom(rows, new Set(rows.map((r) => r.when).filter((e) => heldFor(holdings[e], intake.id))));

  const done: Partial<Done> = {};
  const written = new Set<WriteAction>();
  // One write after another, in table order: some systems are rate limited, and the order keeps the forms in table order.
  for (const action of plan.writes) {
    const rule = plan.rules.find((r) => r.write === action)!;
    if (endedBy(holdings[rule.when], intake.id)) {
      written.add(action);
      continue;
    }
    const result = await writeOf(spec, action, rule)({ intake, record, key: deliveryKey(intake.id, spec.system, action) });
    // null: someone else ended it after our read (our own key would have replayed our write). Nothing was written for this intake: no form either.
    if (result === null) continue;
    written.add(action);
    Object.assign(done, result);
  }

  // A form-only row (no write of its own) comes with the system's write for the change, when there was one.
  const forms = plan.rules.filter((r) => (r.write ? written.has(r.write) : written.size > 0)).map((r) => newForm(r.form, intake, formOf(spec, r.form, r)(record, done)));
  return forms.length > 0 ? { status: 'DELIVERED', forms } : NOT_APPLICABLE;
}

function newForm<T extends FormType>(type: T, intake: Intake, facts: FormFacts<T>): NewForm {
  const report = { change: intake.change, reportedBy: intake.reportedBy, reportedAt: intake.createdAt };
  return { type, department: FORMS[type].department, payload: fillForm(type, report, facts) };
}

function writeOf<Rec, Done extends object>(spec: SystemWrites<Rec, Done>, action: WriteAction, rule: Rule) {
  const write = spec.writes[action];
  if (!write) throw new Error(`The ${spec.system} delivery has no write for ${action} (rules table row for ${rule.when}): add it to the department's writes.`);
  return write;
}

function formOf<Rec, Done extends object, T extends FormType>(spec: SystemWrites<Rec, Done>, type: T, rule: Rule) {
  const source: FormSources<Rec, Done>[T] = spec.forms[type];
  if (!source) throw new Error(`The ${spec.system} delivery does not fill form ${type} (rules table row for ${rule.when}): add it to the department's forms.`);
  return source;
}
