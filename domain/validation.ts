/**
 * zod issues -> the field problems every BAD_USER_INPUT error carries: the path of each bad
 * field and the rule it breaks, as a stable code front-ends can translate (see README).
 */
import type { z } from 'zod';

export interface FieldProblem {
  path: (string | number)[];
  rule: string;
  message: string;
}

function ruleOf(issue: z.core.$ZodIssue): string {
  const custom = (issue as { params?: { rule?: string } }).params?.rule;
  if (custom) return custom;
  switch (issue.code) {
    case 'invalid_type':
      return (issue as { input?: unknown }).input === undefined || (issue as { input?: unknown }).input === null ? 'required' : 'type';
    case 'too_small':
      return (issue as { minimum?: unknown }).minimum === 1 ? 'required' : 'minLength';
    case 'too_big':
      return 'maxLength';
    case 'invalid_value':
      return 'oneOf';
    case 'invalid_format':
      return 'format';
    case 'unrecognized_keys':
      return 'unknownField';
    default:
      return issue.code;
  }
}

export function toFieldProblems(error: z.ZodError, root: (string | number)[] = []): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: [...root, ...(issue.path as (string | number)[])],
    rule: ruleOf(issue),
    message: issue.code === 'invalid_type' && ruleOf(issue) === 'required' ? 'is required' : issue.message,
  }));
}
