/**
 * The share button's server HTML (components/controls/share-link-button): both labels hold their place, so the button
 * keeps its width when the share label takes over after hydration; only the copy label shows and names the button.
 */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

import { ShareLinkButton } from '@/components/controls/share-link-button';

describe('ShareLinkButton', () => {
  it('sends both labels, the share label invisible and hidden from screen readers until the page runs', () => {
    const html = renderToString(createElement(ShareLinkButton, { path: '/s/luna', copyLabel: 'Copy adjusted link', shareLabel: 'Share adjusted' }));
    expect(html).toMatch(/<span class="col-start-1 row-start-1">Copy adjusted link<\/span>/);
    expect(html).toMatch(/<span class="col-start-1 row-start-1 invisible" aria-hidden="true">Share adjusted<\/span>/);
  });
});
