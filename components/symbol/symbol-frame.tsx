import { BACKEND_LABELS } from '@/lib/backend';
import type { RenderedSymbol } from '@/lib/symbol';
import { SYMBOL_VIEWBOX } from '@/lib/symbol';
import type { SymbolStatus } from '@/hooks/use-symbol';

const PHASES: Record<string, string> = {
  start: 'Preparing…',
  download: 'Downloading the model…',
  verify: 'Checking the model files…',
  backend: 'Starting the engine…',
  warmup: 'Warming up…',
  generate: 'Drawing…',
};

function kb(n: number): string {
  return `${Math.round(n / 1024).toLocaleString('en')} KB`;
}

/** The plate: the symbol itself (a vector path in the theme's ink colour), or its loading / error state. */
export function SymbolFrame(props: {
  seed: string | null;
  modelId: string | null;
  status: SymbolStatus;
  symbol: RenderedSymbol | null;
  onRetry: () => void;
}) {
  const { seed, modelId, status, symbol, onRetry } = props;
  const shown = symbol && symbol.modelId === modelId && status.state !== 'error' ? symbol : null;
  return (
    <figure
      data-testid="symbol"
      data-seed={seed ?? ''}
      data-model={modelId ?? ''}
      data-truncation={shown ? shown.psi : undefined}
      data-state={status.state}
      data-backend={status.state === 'ready' ? status.backend : undefined}
      data-generate-ms={status.state === 'ready' && shown ? shown.generateMs.toFixed(2) : undefined}
      aria-busy={status.state === 'loading'}
      className="plate relative mx-auto aspect-square w-full max-w-[min(88vw,34rem)]"
    >
      {shown && (
        <svg
          role="img"
          aria-label={`Symbol generated from the seed “${shown.seed}”`}
          viewBox={`0 0 ${SYMBOL_VIEWBOX} ${SYMBOL_VIEWBOX}`}
          className={`absolute inset-[6%] h-[88%] w-[88%] text-ink ${status.state === 'loading' ? 'opacity-40' : ''}`}
        >
          <path d={shown.pathData} fill="currentColor" fillRule="evenodd" />
        </svg>
      )}
      {status.state === 'loading' && !shown && <LoadingState status={status} />}
      {status.state === 'error' && (
        <div role="alert" className="absolute inset-0 flex flex-col items-center justify-center gap-4 p-8 text-center">
          <p className="font-display text-xl text-accent">The symbol could not be drawn</p>
          <p className="max-w-sm text-sm text-muted">{status.message}</p>
          {status.retryable && (
            <button type="button" onClick={onRetry} className="btn btn-primary">
              Retry
            </button>
          )}
        </div>
      )}
      <figcaption className="sr-only">
        {status.state === 'ready' && shown
          ? `Symbol for the seed “${shown.seed}”, drawn with ${BACKEND_LABELS[status.backend]}.`
          : status.state === 'error'
            ? 'No symbol: an error occurred.'
            : 'The symbol is loading.'}
      </figcaption>
    </figure>
  );
}

/** Model download / start-up progress, filling its (relatively positioned) parent. */
export function LoadingState({ status }: { status: Extract<SymbolStatus, { state: 'loading' }> }) {
  const pct = status.total > 0 ? Math.min(100, Math.round((status.loaded / status.total) * 100)) : 0;
  return (
    <div className="absolute inset-0 flex flex-col items-center justify-center gap-3 p-8 text-center">
      <div className="sigil-spinner" aria-hidden="true" />
      <p className="text-sm text-muted">{PHASES[status.phase] ?? 'Loading…'}</p>
      {status.phase === 'download' && (
        <>
          <progress className="progress" max={100} value={pct} aria-label="Model download progress" />
          <p className="text-xs text-muted tabular-nums">
            {pct}% · {kb(status.loaded)} of {kb(status.total)}
            {status.fromCache ? ' (from cache)' : ''}
          </p>
        </>
      )}
    </div>
  );
}
