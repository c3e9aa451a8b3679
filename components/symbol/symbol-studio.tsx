import { Suspense } from 'react';

import type { ModelIndex } from '@/lib/model/model-folder';
import { StudioAdjust } from '@/components/sliders/studio-adjust';
import type { ShownSymbol } from '@/lib/render/symbol';

import {
  StudioActions,
  StudioExistsPanel,
  StudioModelLine,
  StudioMorphLink,
  StudioPlate,
  StudioSeed,
  StudioSeedForm,
  StudioStylePicker,
} from './studio-islands';
import { StudioProvider } from './studio-provider';

/**
 * The homepage and seed-page experience: one symbol, its seed, Another (button, Space, Right-arrow), share link,
 * downloads, "morph from here", "Does it exist?" and the phrase box. Server HTML around small client islands that share
 * the studio's state (./studio-provider): the server's first paint (`firstPaint`) is an <img> in the HTML, the largest
 * paint and never redrawn until the visitor asks for another symbol; the browser's drawer loads when the page is idle.
 * `seed` is the seed page's seed, null on the homepage (whose symbol is the first paint's random seed, or one picked
 * in the browser). `psi` is the strangeness (?t=, 1 when absent); `notice` says when the link's ?t= (or ?k=, ?e=) could
 * not be used as it was; `style` is the page's checked ?k= (null: the seed picks its own style); `edits` its checked ?e=
 * ('' for none), which the first paint is drawn with.
 *
 * The controls below the first screen hydrate in Suspense boundaries of their own, so hydration runs in short tasks.
 */
export function SymbolStudio(props: {
  index: ModelIndex | null;
  seed: string | null;
  requestedModel: string | null;
  psi?: number;
  notice?: string | null;
  style?: string | null;
  edits?: string;
  firstPaint?: ShownSymbol | null;
}) {
  return (
    <StudioProvider
      index={props.index}
      seed={props.seed}
      requestedModel={props.requestedModel}
      psi={props.psi ?? 1}
      style={props.style ?? null}
      edits={props.edits ?? ''}
      firstPaint={props.firstPaint ?? null}
    >
      <section aria-label="Symbol" className="flex w-full flex-col items-center gap-6 px-4 sm:px-6">
        <StudioPlate />
        <div className="flex flex-col items-center gap-1 text-center">
          <p className="text-xs tracking-[0.3em] text-muted uppercase">Seed</p>
          <StudioSeed />
          {props.notice && (
            <p role="status" className="max-w-md text-sm text-accent">
              {props.notice}
            </p>
          )}
        </div>
        <StudioStylePicker />
        <StudioActions />
        <Suspense>
          <StudioMorphLink />
          <StudioModelLine />
        </Suspense>
        <Suspense>
          <StudioExistsPanel />
          <StudioAdjust />
        </Suspense>
        <Suspense>
          <StudioSeedForm />
        </Suspense>
      </section>
    </StudioProvider>
  );
}
