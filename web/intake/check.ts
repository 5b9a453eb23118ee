/**
 * Check your answers: before the irreversible report, the worker sees what will be sent, as
 * the fields' labels and values, and either confirms it (确认上报) or goes back to the form
 * (返回修改). A double tap on 提交上报 must not confirm when its second tap lands on 确认上报:
 * the confirm button ignores the second click of a double click or tap.
 */
import { byId, h } from '../shared/dom';
import { KIND_LABELS } from '../shared/labels';
import { FIELD_LABELS } from '../shared/messages';

/** The form's fields in the order the worker filled them in; empty optional ones are left out. */
const SHOWN = ['kind', 'idNumber', 'name', 'effectiveDate', 'death.place', 'death.certificateNumber', 'move.destination', 'move.destinationDivisionCode'];

function rowsOf(report: Record<string, unknown>): [string, string][] {
  const flat: Record<string, unknown> = { ...report, ...Object.fromEntries(['death', 'move'].flatMap((group) => Object.entries((report[group] as Record<string, unknown> | null) ?? {}).map(([k, v]) => [`${group}.${k}`, v]))) };
  return SHOWN.filter((field) => typeof flat[field] === 'string' && flat[field] !== '').map((field) => {
    const value = String(flat[field]);
    return [FIELD_LABELS[field] ?? field, field === 'kind' ? (KIND_LABELS[value] ?? value) : value];
  });
}

export class CheckStep {
  private readonly section = byId('check');
  private readonly confirmButton = byId<HTMLButtonElement>('confirm-report');

  constructor(onConfirm: () => void, onBack: () => void) {
    this.confirmButton.addEventListener('click', (event) => {
      // detail counts the clicks (or taps) in a row at one spot; a keyboard activation has 0.
      if (event.detail > 1) return;
      onConfirm();
    });
    byId('back-to-form').addEventListener('click', onBack);
  }

  get shown(): boolean {
    return !this.section.hidden;
  }

  show(report: Record<string, unknown>): void {
    byId('check-list').replaceChildren(...rowsOf(report).flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
    this.section.hidden = false;
    this.section.focus();
  }

  hide(): void {
    this.section.hidden = true;
  }

  setBusy(busy: boolean): void {
    this.confirmButton.disabled = busy;
    this.confirmButton.textContent = busy ? '正在提交…' : '确认上报';
    (byId('back-to-form') as HTMLButtonElement).disabled = busy;
  }
}
