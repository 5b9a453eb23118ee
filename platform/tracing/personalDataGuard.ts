/**
 * The last line of defence for span attributes: a span processor, first in the chain, that looks
 * at every attribute value and the span's name when the span ends, and masks anything shaped like
 * personal data before any exporter sees it: a run of 15 or more digits (a citizen ID number, old
 * or new, with or without its X check character) or CJK ideographs (residents' names; every
 * attribute this platform sets is ASCII). Each hit is reported by attribute key (never the value),
 * so a test can fail on it and an operator can find the code that set it.
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

const ID_NUMBER_SHAPE = /\d{15,}|\d{17}[Xx]/;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
export const MASKED = '[redacted]';

/** What was masked: the span's name (after masking) and the attribute key, or 'name' for the span name itself. */
export interface PersonalDataHit {
  span: string;
  key: string;
}

/** True when `value` holds something shaped like an ID number or a name. */
export function looksPersonal(value: unknown): boolean {
  if (typeof value === 'string') return ID_NUMBER_SHAPE.test(value) || CJK.test(value);
  if (typeof value === 'number') return ID_NUMBER_SHAPE.test(String(value));
  if (Array.isArray(value)) return value.some(looksPersonal);
  return false;
}

export class PersonalDataGuard implements SpanProcessor {
  constructor(private readonly onHit: (hit: PersonalDataHit) => void = () => undefined) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    // A ReadableSpan is read-only by type only: the SDK hands the same objects to the processors
    // after this one, so masking here is what the exporter sends.
    const writable = span as { name: string; attributes: Record<string, unknown> };
    const hits: string[] = [];
    if (looksPersonal(span.name)) {
      writable.name = MASKED;
      hits.push('name');
    }
    for (const [key, value] of Object.entries(span.attributes)) {
      if (!looksPersonal(value)) continue;
      writable.attributes[key] = MASKED;
      hits.push(key);
    }
    // Links and events (an exception a library records) carry attributes too.
    const nested = [...span.links.map((l) => ['link', l.attributes] as const), ...span.events.map((e) => ['event', e.attributes] as const)];
    for (const [where, attributes] of nested) {
      for (const [key, value] of Object.entries(attributes ?? {})) {
        if (!looksPersonal(value)) continue;
        (attributes as Record<string, unknown>)[key] = MASKED;
        hits.push(`${where}.${key}`);
      }
    }
    for (const key of hits) this.onHit({ span: writable.name, key });
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
