import Link from 'next/link';

import { realOrNotPath } from '@/lib/links';
import { cardFidelity } from '@/lib/model/card-fidelity';
import { cardNearestVerdicts } from '@/lib/model/card-nearest';
import { cardResample } from '@/lib/model/card-resample';
import { cardRetrace } from '@/lib/model/card-retrace';
import { cardSliders } from '@/lib/model/card-sliders';
import { cardStyleMetrics } from '@/lib/model/card-styles';
import type { ModelCard, ModelEntry } from '@/lib/model/model-folder';
import { modelFileUrl } from '@/lib/model/model-index';
import type { ShownSymbol } from '@/lib/render/symbol';

import { FidelitySummary } from './fidelity-summary';
import { NearestSummary } from './nearest-summary';
import { OutlineSummary } from './outline-summary';
import { ResampleSummary } from './resample-summary';
import { SlidersSummary } from './sliders-summary';
import { StylesSection } from './styles-section';

/** "imagesSeen" -> "Images seen", "lr_g" -> "Lr g". */
function label(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-muted">not recorded</span>;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) return <span>{value.join(', ')}</span>;
    return (
      <ol className="list-decimal pl-5">
        {value.map((v, i) => (
          <li key={i}>
            <Value value={v} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === 'object') return <Fields data={value as Record<string, unknown>} />;
  if (typeof value === 'number') return <span className="tabular-nums">{Number.isInteger(value) ? value.toLocaleString('en') : value.toPrecision(4)}</span>;
  return <span className="break-words">{String(value)}</span>;
}

function Fields({ data }: { data: Record<string, unknown> }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[minmax(8rem,auto)_1fr]">
      {Object.entries(data).map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-sm text-muted">{label(k)}</dt>
          <dd className="min-w-0 pb-1">
            <Value value={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

interface ModelCardViewProps {
  model: ModelEntry;
  card: ModelCard | null;
  isDefault: boolean;
  /** The folder has report.png, the one-page evaluation report written at export. */
  hasReport: boolean;
  /** The styles' sample rows as the server drew them (lib/model/style-samples), or null: the image API's SVGs. */
  samples: readonly ShownSymbol[] | null;
  /** The ids of the models on this site, so a resampled or retraced model links to the model whose generator it reuses. */
  listedModels?: readonly string[];
}

export function ModelCardView({ model, card, isDefault, hasReport, samples, listedModels = [] }: ModelCardViewProps) {
  const resample = cardResample(card);
  const retrace = cardRetrace(card);
  const listed = (id: string | null | undefined) => (id ? listedModels.includes(id) : false);
  return (
    <article className="mx-auto flex w-full max-w-3xl flex-col gap-8 px-4 sm:px-6">
      <header className="flex flex-col gap-2">
        <p className="text-xs tracking-[0.3em] text-muted uppercase">Model card</p>
        <h1 className="font-display text-3xl break-all">{model.id}</h1>
        <p className="text-sm text-muted">
          {model.resolution}×{model.resolution} pixels from {model.latentSize} numbers · {Math.round(model.bytes / 1024)} KB
          {model.created ? ` · ${model.created}` : ''}
          {isDefault ? ' · the model the site uses now' : ''}
        </p>
        <p className="flex flex-wrap gap-4 text-sm">
          <Link className="link" href={isDefault ? '/' : `/s/hello?m=${model.id}`}>
            Draw with this model
          </Link>
          {model.realSymbols ? (
            <Link className="link" href={realOrNotPath(isDefault ? null : model.id)} data-testid="model-real-or-not">
              Which one is real? Play against it
            </Link>
          ) : null}
          <a className="link" href={modelFileUrl(model.id, 'model-card.json')}>
            model-card.json
          </a>
        </p>
      </header>
      <FidelitySummary fidelity={cardFidelity(card)} />
      <NearestSummary verdicts={cardNearestVerdicts(card)} glyphs={model.nearest?.count ?? null} />
      <ResampleSummary resample={resample} sourceListed={listed(resample?.derivedFrom)} />
      <OutlineSummary retrace={retrace} sourceListed={listed(retrace?.derivedFrom)} />
      <SlidersSummary sliders={cardSliders(card)} />
      <StylesSection modelId={model.id} linkModel={isDefault ? null : model.id} styles={cardStyleMetrics(model, card)} samples={samples} />
      {/* eslint-disable-next-line @next/next/no-img-element -- static sample sheet */}
      <img
        src={modelFileUrl(model.id, 'samples.png')}
        alt={`64 samples from the model ${model.id}`}
        width={512}
        height={512}
        className="samples w-full max-w-md self-center rounded-sm border border-line"
      />
      {hasReport ? (
        <figure className="flex flex-col gap-2">
          <figcaption className="text-sm text-muted">
            Evaluation report: losses and metrics over training, the same latents over training, samples and the
            closest training images, measured at export.
          </figcaption>
          <a href={modelFileUrl(model.id, 'report.png')}>
            {/* eslint-disable-next-line @next/next/no-img-element -- static report sheet */}
            <img
              src={modelFileUrl(model.id, 'report.png')}
              alt={`Evaluation report of the model ${model.id}`}
              width={1080}
              height={1350}
              className="w-full rounded-sm border border-line bg-white"
            />
          </a>
        </figure>
      ) : null}
      {card ? <Fields data={card as Record<string, unknown>} /> : <p className="text-muted">This model has no model-card.json.</p>}
    </article>
  );
}
