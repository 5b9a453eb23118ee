/**
 * The report being typed, kept in this tab's sessionStorage per community so a reload (or the
 * phone dropping the page) does not lose it. Only the form's own fields are kept, never the
 * credential; sessionStorage rather than localStorage, so the personal data it holds goes with
 * the tab. Cleared once the report is accepted.
 */
const keyOf = (community: string) => `intake-draft:${community}`;

/** The named fields of the form and what is in them (the chosen kind for the radio buttons). */
function valuesOf(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const el of form.querySelectorAll<HTMLInputElement>('input[name]')) {
    if (el.type === 'radio' && !el.checked) continue;
    values[el.name] = el.value;
  }
  return values;
}

export class Draft {
  private readonly key: string;

  constructor(
    private readonly form: HTMLFormElement,
    community: string,
  ) {
    this.key = keyOf(community);
    form.addEventListener('input', () => this.save());
    form.addEventListener('change', () => this.save());
  }

  private save(): void {
    try {
      sessionStorage.setItem(this.key, JSON.stringify(valuesOf(this.form)));
    } catch {
      // Storage full or refused (private mode): the form still works, only without a draft.
    }
  }

  /** Puts a kept draft back into the form; true when there was one. */
  restore(): boolean {
    let kept: unknown;
    try {
      kept = JSON.parse(sessionStorage.getItem(this.key) ?? 'null');
    } catch {
      return false;
    }
    if (!kept || typeof kept !== 'object') return false;
    for (const [name, value] of Object.entries(kept as Record<string, unknown>)) {
      if (typeof value !== 'string') continue;
      const el = this.form.querySelector<HTMLInputElement>(name === 'kind' ? `input[name="kind"][value="${CSS.escape(value)}"]` : `input[name="${CSS.escape(name)}"]`);
      if (!el) continue;
      if (el.type === 'radio') el.checked = true;
      else el.value = value;
    }
    return true;
  }

  clear(): void {
    try {
      sessionStorage.removeItem(this.key);
    } catch {
      // Nothing kept, nothing to clear.
    }
  }
}
