/**
 * The metric names a PromQL expression reads, without a full parser: strings, label matchers,
 * range and offset durations and grouping clauses are cut out; what is left that is an identifier
 * not called as a function and not a keyword is a metric name. Used by tests only.
 */

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+\w+/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, name, call] = match;
    const before = bare[match.index - 1];
    // A number's exponent or unit (1e3, 5m) is not a name; a called identifier is a function.
    if (call || KEYWORDS.has(name.toLowerCase()) || (before !== undefined && /[0-9.]/.test(before))) continue;
    names.add(name);
  }
  return [...names].sort();
}

/** The series names a scrape's families export: a histogram's _bucket, _sum and _count, a summary's _sum and _count too. */
export function exportedSeriesNames(metricsText: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of metricsText.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}
