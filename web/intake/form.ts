/**
 * The report form: what the worker typed, as the shared schema's input; problems shown at
 * their fields (text tied to the input by aria-describedby, aria-invalid set) and in a summary
 * at the top whose links move to the field.
 */
import { h } from '../shared/dom';
import type { FieldMessage } from '../shared/messages';

/** Fields that have a place on the form; any other problem is shown in the summary only. */
const FORM_FIELDS = ['kind', 'idNumber', 'name', 'effectiveDate', 'death.place', 'death.certificateNumber', 'move.destination', 'move.destinationDivisionCode', 'community'];

/** 'death.place' -> 'death-place', the id of its input and (with -error) of its message. */
export const elementId = (field: string) => field.replace(/\./g, '-');

export class ReportForm {
  /** Field -> its problem: the one source both the field messages and the summary are drawn from. */
  private problems = new Map<string, FieldMessage>();

  constructor(
    readonly form: HTMLFormElement,
    private readonly summary: HTMLElement,
  ) {
    form.addEventListener('change', (event) => {
      if ((event.target as HTMLInputElement).name === 'kind') this.showKindFields();
    });
  }

  private value(name: string): string {
    const el = this.form.elements.namedItem(name) as HTMLInputElement | null;
    return el?.value.trim() ?? '';
  }

  get kind(): string {
    return (this.form.querySelector('input[name="kind"]:checked') as HTMLInputElement | null)?.value ?? '';
  }

  /** The report as the schema reads it; an empty required field is absent, so it reads "required". */
  read(community: string): Record<string, unknown> {
    const orAbsent = (v: string) => (v === '' ? undefined : v);
    const kind = this.kind;
    return {
      kind: orAbsent(kind),
      idNumber: orAbsent(this.value('idNumber').toUpperCase()),
      name: this.value('name'),
      effectiveDate: orAbsent(this.value('effectiveDate')),
      community,
      death: kind === 'DEATH' ? { place: this.value('death.place'), certificateNumber: this.value('death.certificateNumber') || null } : null,
      move: kind === 'MOVED_OUT' ? { destination: this.value('move.destination'), destinationDivisionCode: this.value('move.destinationDivisionCode') || null } : null,
    };
  }

  showKindFields(): void {
    const kind = this.kind;
    (this.form.querySelector('#death-fields') as HTMLElement).hidden = kind !== 'DEATH';
    (this.form.querySelector('#move-fields') as HTMLElement).hidden = kind !== 'MOVED_OUT';
  }

  clearErrors(): void {
    this.problems.clear();
    this.render();
    this.summary.hidden = true;
  }

  /** Shows each message at its field and all of them in the summary, then moves focus to the summary. */
  showErrors(messages: readonly FieldMessage[], focus = true): void {
    this.problems = new Map(messages.map((m) => [m.field, m]));
    this.render();
    this.summary.hidden = messages.length === 0;
    if (focus && messages.length > 0) this.summary.focus();
  }

  /**
   * Re-checks the fields the worker has left, as they go. The summary, once shown, follows
   * (it is drawn from the same problems as the fields, so the two never disagree).
   */
  showFieldErrors(fields: readonly string[], messages: readonly FieldMessage[]): void {
    for (const field of fields) {
      const message = messages.find((m) => m.field === field);
      if (message) this.problems.set(field, message);
      else this.problems.delete(field);
    }
    this.render();
    if (this.problems.size === 0) this.summary.hidden = true;
  }

  /** The problems now shown, in the order the summary lists them. */
  get shownProblems(): FieldMessage[] {
    return [...this.problems.values()];
  }

  /** Draws the field messages and the summary's list from the one set of problems. */
  private render(): void {
    for (const field of FORM_FIELDS) this.setError(field, this.problems.get(field)?.message ?? null);
    const messages = this.shownProblems;
    this.summary.replaceChildren(
      h('h2', {}, `有 ${messages.length} 处需要修改`),
      h(
        'ul',
        {},
        messages.map((m) => {
          const target = FORM_FIELDS.includes(m.field) && m.field !== 'community' ? `#${m.field === 'kind' ? 'kind-death' : elementId(m.field)}` : null;
          const text = `${m.label}：${m.message}`;
          return h('li', {}, target ? h('a', { href: target }, text) : text);
        }),
      ),
    );
  }

  private setError(field: string, message: string | null): void {
    const id = elementId(field);
    const error = this.form.querySelector<HTMLElement>(`#${id}-error`);
    if (error) {
      error.textContent = message ?? '';
      error.hidden = !message;
    }
    const controls = field === 'kind' ? [...this.form.querySelectorAll<HTMLInputElement>('input[name="kind"]')] : [this.form.querySelector<HTMLInputElement>(`#${id}`)];
    for (const control of controls) {
      if (!control) continue;
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    }
  }

  reset(today: string): void {
    this.form.reset();
    const date = this.form.elements.namedItem('effectiveDate') as HTMLInputElement;
    date.value = today;
    // The picker offers no day after today in Shanghai (the schema refuses them with its message).
    date.max = today;
    this.showKindFields();
    this.clearErrors();
  }
}
