/**
 * Why a plate (the symbol, the morph, the gallery) could not be drawn, with Retry when trying again can
 * help. `className` places it: over a plate's drawing (`absolute inset-0`) or as a plate of its own.
 */
export function PlateError({ title, message, onRetry, className = '' }: { title: string; message: string; onRetry: (() => void) | null; className?: string }) {
  return (
    <div role="alert" className={`flex flex-col items-center justify-center gap-4 p-8 text-center ${className}`}>
      <p className="font-display text-xl text-accent">{title}</p>
      <p className="max-w-sm text-sm text-muted">{message}</p>
      {onRetry && (
        <button type="button" className="btn btn-primary" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
