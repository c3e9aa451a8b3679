import { LoadingState } from '@/components/ui/loading-state';
import { OutlineImage } from '@/components/ui/outline-image';
import { PlateError } from '@/components/ui/plate-error';
import type { SymbolStatus } from '@/hooks/use-symbol';
import { BACKEND_LABELS } from '@/lib/model/backend';
import type { RenderedSymbol, ShownSymbol } from '@/lib/render/symbol';

/** The symbol's width and height in CSS pixels before the stylesheet sizes it: about its largest size on the plate. */
const IMAGE_SIZE = 480;

/**
 * The plate: the symbol itself (an <img> of its outline, components/ui/outline-image, in the theme's ink), or its
 * loading / error state. An image, not inline SVG, so that the symbol is what browsers count as the page's largest
 * paint; the server's drawing and the browser's are the same element, so taking over changes nothing on screen. A
 * symbol the server drew into the page reads data-backend="server" until the browser draws one. `interactive`: the page's
 * scripts run (Another and the shortcuts work), which the server's HTML alone, already showing a symbol, cannot say.
 */
export function SymbolFrame(props: {
  seed: string | null;
  modelId: string | null;
  status: SymbolStatus;
  /** The symbol; one the browser drew also says how long its pass took. */
  symbol: (ShownSymbol & Partial<Pick<RenderedSymbol, 'generateMs'>>) | null;
  onRetry: () => void;
  interactive: boolean;
}) {
  const { seed, modelId, status, symbol, onRetry, interactive } = props;
  const shown = symbol && symbol.modelId === modelId && status.state !== 'error' ? symbol : null;
  return (
    <figure
      data-testid="symbol"
      data-seed={seed ?? ''}
      data-model={modelId ?? ''}
      data-truncation={shown ? shown.psi : undefined}
      data-style={shown?.style ?? undefined}
      data-edits={shown?.edits || undefined}
      data-state={status.state}
      data-interactive={interactive || undefined}
      data-backend={status.state === 'ready' ? status.backend : undefined}
      data-generate-ms={status.state === 'ready' ? shown?.generateMs?.toFixed(2) : undefined}
      aria-busy={status.state === 'loading'}
      className="plate relative mx-auto aspect-square w-full max-w-[min(88vw,34rem)]"
    >
      {shown && (
        <OutlineImage
          pathData={shown.pathData}
          label={`Symbol generated from the seed “${shown.seed}”`}
          size={IMAGE_SIZE}
          className={`absolute inset-[6%] h-[88%] w-[88%] text-ink ${status.state === 'loading' ? 'opacity-40' : ''}`}
        />
      )}
      {status.state === 'loading' && !shown && <LoadingState status={status} />}
      {status.state === 'error' && (
        <PlateError title="The symbol could not be drawn" message={status.message} onRetry={status.retryable ? onRetry : null} className="absolute inset-0" />
      )}
      <figcaption className="sr-only">
        {status.state === 'ready' && shown
          ? `Symbol for the seed “${shown.seed}”, drawn ${status.backend === 'server' ? 'by the server' : `with ${BACKEND_LABELS[status.backend]}`}.`
          : status.state === 'error'
            ? 'No symbol: an error occurred.'
            : 'The symbol is loading.'}
      </figcaption>
    </figure>
  );
}
