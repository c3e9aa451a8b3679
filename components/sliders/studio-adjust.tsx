'use client';

import { useMemo } from 'react';

import { useStudio } from '@/components/symbol/studio-context';
import type { AdjustSubject } from '@/lib/adjust/subject';

import { AdjustPanel } from './adjust-panel';

/** The studio's Adjust island: the named sliders for the seed, strangeness and style on screen (./adjust-panel). */
export function StudioAdjust() {
  const { model, linkModel, seed, psi, style } = useStudio();
  const subject = useMemo<AdjustSubject | null>(() => (seed ? { kind: 'seed', seed, psi, style } : null), [seed, psi, style]);
  return <AdjustPanel model={model} subject={subject} linkModel={linkModel} />;
}
