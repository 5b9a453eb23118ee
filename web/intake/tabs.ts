/**
 * The two ways to report, as tabs (WAI-ARIA tabs pattern: arrow keys move between them). The
 * bulk import panel is built the first time it is opened, so a phone reporting one change
 * never downloads the spreadsheet reader.
 */
import { byId } from '../shared/dom';

export function setUpTabs(mountImport: (panel: HTMLElement) => Promise<void>): void {
  const tabs = [byId<HTMLButtonElement>('tab-single'), byId<HTMLButtonElement>('tab-import')];
  let mounted: Promise<void> | null = null;

  const select = (tab: HTMLButtonElement) => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      byId(t.getAttribute('aria-controls')!).hidden = !selected;
    }
    if (tab.id === 'tab-import') {
      const panel = byId('panel-import');
      mounted ??= mountImport(panel).catch(() => {
        mounted = null;
        panel.textContent = '批量导入功能加载失败，请检查网络后重试。';
      });
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
