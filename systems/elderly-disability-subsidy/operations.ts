/**
 * The two operations of the subsidy service. Each validates its payload (a soap:Client Fault
 * naming the field, never its value) and returns the reply element to wrap in an envelope.
 */
import { z } from 'zod';
import { isRealDate } from '../../domain/idNumber';
import { ClientFault, type Operation } from './soap';
import { STOP_REASONS, SUBSIDY_TYPES, type SubsidyRow, type SubsidyStore } from './store';

const IdNumber = z.string().regex(/^\d{17}[\dX]$/, 'must be 17 digits followed by a digit or X');
const XsdDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an xsd:date YYYY-MM-DD')
  .refine((d) => isRealDate(d.replace(/-/g, '')), 'must be a date that exists');

const GetSubsidyRecord = z.object({ idNumber: IdNumber });
const StopSubsidy = z.object({
  idNumber: IdNumber,
  subsidyType: z.enum(SUBSIDY_TYPES),
  stopDate: XsdDate,
  reason: z.enum(STOP_REASONS),
  reference: z.string().min(1).max(100),
});

function parse<T>(operation: Operation, schema: z.ZodType<T>, payload: Record<string, unknown>): T {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'} ${i.message}`).join('; ');
  throw new ClientFault(`Invalid ${operation} request: ${problems}.`);
}

// Amounts travel as xsd:decimal with two places, as the system's reports print them.
function subsidyElement(row: SubsidyRow) {
  return {
    subsidyType: row.subsidy_type,
    ...(row.category ? { category: row.category } : {}),
    statusCode: row.status_code,
    monthlyAmount: row.monthly_amount.toFixed(2),
    startDate: row.start_date,
    ...(row.stop_date ? { stopDate: row.stop_date } : {}),
    ...(row.stop_reference ? { stopReference: row.stop_reference } : {}),
  };
}

export interface OperationReply {
  element: string;
  content: Record<string, unknown>;
}

export function runOperation(operation: Operation, payload: Record<string, unknown>, store: SubsidyStore): OperationReply {
  switch (operation) {
    case 'GetSubsidyRecord': {
      const { idNumber } = parse(operation, GetSubsidyRecord, payload);
      const rows = store.recordsOf(idNumber);
      return { element: 'GetSubsidyRecordResponse', content: { idNumber, subsidies: { subsidy: rows.map(subsidyElement) } } };
    }
    case 'StopSubsidy': {
      const req = parse(operation, StopSubsidy, payload);
      const result = store.stop(req);
      if (result.outcome === 'NOT_ENROLLED') throw new ClientFault('The resident holds no subsidy of this type.', 'NOT_ENROLLED');
      if (result.outcome === 'ALREADY_STOPPED') throw new ClientFault('The subsidy is already stopped.', 'ALREADY_STOPPED');
      return { element: 'StopSubsidyResponse', content: { result: 'STOPPED', stopDate: req.stopDate, logId: result.logId } };
    }
  }
}
