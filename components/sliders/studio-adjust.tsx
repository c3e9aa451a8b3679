'use client';

import { useCallback, useMemo } from 'react';

import { useStudio } from '@/components/symbol/studio-context';
import type { AdjustDrawn, AdjustSubject } from '@/lib/adjust/subject';

import { AdjustPanel } from './adjust-panel';

/**
 * The studio's Adjust island: the named sliders for the seed, strangeness and style on screen (./adjust-panel). Its
 * drawings become the studio's symbol (the plate, the link, the downloads), as on latent link pages, so the page
 * shows one symbol and every way out of it carries the same ?e=.
 */
export function StudioAdjust() {
  const { model, linkModel, seed, psi, style, edits, showAdjusted } = useStudio();
  const subject = useMemo<AdjustSubject | null>(() => (seed ? { kind: 'seed', seed, psi, style } : null), [seed, psi, style]);
  const onDrawn = useCallback(
    (drawn: AdjustDrawn | null) => {
      if (!drawn || !seed || !model) return;
      const { pathData, edits: drawnEdits, style: drawnStyle, backend, fromCache, generateMs } = drawn;
      const symbol = { seed, modelId: model.id, psi, style: drawnStyle, chosenStyle: style, edits: drawnEdits || null, pathData, generateMs };
      showAdjusted(symbol, { state: 'ready', backend, fromCache });
    },
    [seed, model, psi, style, showAdjusted],
  );
  return <AdjustPanel model={model} subject={subject} linkModel={linkModel} edits={edits} onDrawn={onDrawn} />;
}
