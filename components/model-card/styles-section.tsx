import Link from 'next/link';

import { OutlineImage } from '@/components/ui/outline-image';
import { galleryPath, seedPath, symbolImagePath } from '@/lib/links';
import type { StyleMetrics } from '@/lib/model/card-styles';
import { STYLE_SAMPLE_SEEDS as ROW_SEEDS } from '@/lib/model/style-samples';
import type { ShownSymbol } from '@/lib/render/symbol';

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** What the model card says about one style, in words. */
function describe(s: StyleMetrics): string {
  const parts: string[] = [];
  if (s.trainImages !== null) parts.push(`${s.trainImages.toLocaleString('en')} training images`);
  if (s.c2st !== null) parts.push(`C2ST ${percent(s.c2st)}${s.c2stFloor !== null ? ` (real vs real ${percent(s.c2stFloor)})` : ''}`);
  return parts.join(' · ');
}

/**
 * A conditional model's styles on its model page: each with its label, its id (?k=), its numbers from the model card
 * and a sample row (the same seeds in that style), drawn by the server into the page (`samples`, lib/server/
 * first-paint) or, when it sent none, the image API's SVGs (which name the model and so never change), fetched as
 * they come into view. Server component: no JavaScript. Links open the seed page or the gallery in that style;
 * `linkModel` is the model id links carry (null for the default model).
 */
export function StylesSection(props: { modelId: string; linkModel: string | null; styles: readonly StyleMetrics[]; samples: readonly ShownSymbol[] | null }) {
  const { modelId, linkModel, styles, samples } = props;
  if (styles.length === 0) return null;
  const drawn = new Map(samples?.map((s) => [`${s.chosenStyle}|${s.seed}`, s.pathData]));
  return (
    <section data-testid="model-styles" aria-labelledby="model-styles-title" className="flex flex-col gap-4">
      <h2 id="model-styles-title" className="font-display text-lg">
        {styles.length} styles
      </h2>
      <p className="text-sm text-muted">
        This model draws the kind of symbol it is asked for. Without a choice each seed picks its own style; the style picker, or{' '}
        <code className="font-mono">?k=</code> in a link, chooses one. Each row shows the same {ROW_SEEDS.length} seeds in one style. The C2ST is how
        often a classifier tells held-out real symbols of that style from generated ones (50% = indistinguishable).
      </p>
      <ul className="flex flex-col gap-6">
        {styles.map((s) => (
          <li key={s.id} data-testid="model-style" data-style={s.id} className="flex flex-col gap-2">
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <h3 className="font-display">{s.label}</h3>
              <span className="font-mono text-xs text-muted">k={s.id}</span>
              <span className="text-sm text-muted tabular-nums" data-testid="model-style-metrics">
                {describe(s)}
              </span>
              <Link className="link text-sm" href={galleryPath(1, { model: linkModel, style: s.id })}>
                gallery
              </Link>
            </div>
            <ul className="grid grid-cols-3 gap-2 sm:grid-cols-6">
              {ROW_SEEDS.map((seed) => (
                <li key={seed}>
                  <Link href={seedPath(seed, linkModel, 1, s.id)} className="plate block p-1 hover:text-accent" title={`“${seed}”, ${s.label}`}>
                    <SampleImage
                      pathData={drawn.get(`${s.id}|${seed}`) ?? null}
                      src={symbolImagePath(seed, 'svg', { model: modelId, style: s.id })}
                      alt={`The symbol for “${seed}” in the style ${s.label}`}
                    />
                  </Link>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One sample: the server's drawing when it sent one, else the image API's SVG of the same symbol. */
function SampleImage({ pathData, src, alt }: { pathData: string | null; src: string; alt: string }) {
  if (pathData !== null) return <OutlineImage pathData={pathData} label={alt} size={96} className="h-auto w-full" />;
  // eslint-disable-next-line @next/next/no-img-element -- a plain, lazily loaded SVG from our own image API
  return <img src={src} alt={alt} width={96} height={96} loading="lazy" decoding="async" className="h-auto w-full dark:invert" />;
}
