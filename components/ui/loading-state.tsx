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
