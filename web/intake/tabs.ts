/**
 * The ways to report, as tabs (WAI-ARIA tabs pattern: arrow keys move between the visible ones).
 * A panel with a mounter is built the first time it is opened, so a phone reporting one change
 * never downloads the spreadsheet reader. Tabs the caller may not use are hidden beforehand.
 */
import { byId } from '../shared/dom';

export type PanelMounters = Record<string, (panel: HTMLElement) => Promise<void>>;

export function setUpTabs(mounters: PanelMounters): void {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')].filter((t) => !t.hidden);
  const mounted = new Map<string, Promise<void>>();

  const select = (tab: HTMLButtonElement) => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      byId(t.getAttribute('aria-controls')!).hidden = !selected;
    }
    const mount = mounters[tab.id];
    if (mount && !mounted.has(tab.id)) {
      const panel = byId(tab.getAttribute('aria-controls')!);
      mounted.set(
        tab.id,
        mount(panel).catch(() => {
          mounted.delete(tab.id);
          panel.textContent = '加载失败，请检查网络后重试。';
        }),
      );
    }
  };

  for (const tab of tabs) {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      const next = tabs[(tabs.indexOf(tab) + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      next.focus();
      select(next);
    });
  }
}
