/**
 * Browser-only: hand a link to the system's share sheet where the browser has one (the Web Share API: phones,
 * tablets, some desktops), else copy it (./clipboard). Tests pass their own `nav` and `copy`.
 */
import { copyText } from './clipboard';

/** What became of the link: shared through the sheet, copied, or the visitor closed the sheet. */
export type LinkShared = 'shared' | 'copied' | 'cancelled';

type ShareNavigator = Partial<Pick<Navigator, 'share' | 'canShare'>>;

/** Whether this browser can hand a link to the system's share sheet. */
export function canShareLink(nav: ShareNavigator = navigator): boolean {
  if (typeof nav.share !== 'function') return false;
  return typeof nav.canShare === 'function' ? nav.canShare({ url: 'https://example.com/' }) : true;
}

export async function shareLink(
  data: { url: string; title: string },
  nav: ShareNavigator = navigator,
  copy: (text: string) => Promise<void> = copyText,
): Promise<LinkShared> {
  if (canShareLink(nav)) {
    try {
      await nav.share!(data);
      return 'shared';
    } catch (error) {
      // Closed by the visitor: done. Refused here (no user activation, a policy, no target): copy instead.
      if ((error as { name?: unknown } | null)?.name === 'AbortError') return 'cancelled';
    }
  }
  await copy(data.url);
  return 'copied';
}
