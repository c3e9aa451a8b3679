import { useEffect, useState } from 'react';

import type { ModelEntry } from '@/lib/model/model-folder';
import { parseStyleParam } from '@/lib/route-params';

/**
 * The style a symbol is drawn in (a style id of the model, or null: the seed picks its own), changed by the style
 * picker. A seed page checks its link's ?k= on the server and passes it as `linked`; the homepage, whose HTML is the
 * same for everyone, passes undefined, and its ?k= is read here from the address after hydration (as ?backend= is),
 * with a notice instead of an error page when it names no style of the model.
 */
export function useStyleChoice(model: ModelEntry | null, linked: string | null | undefined) {
  const [style, setStyle] = useState<string | null>(linked ?? null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (linked !== undefined || !model) return;
    const parsed = parseStyleParam(new URLSearchParams(window.location.search).get('k') ?? undefined, model);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the address is read in the browser after hydration, never while rendering
    setStyle(parsed.ok ? parsed.style : null);
    setNotice(parsed.ok ? parsed.notice : `${parsed.error} Each seed is drawn in its own style instead.`);
  }, [linked, model]);
  return { style, setStyle, notice };
}
