'use client';

import { StylePicker } from '@/components/controls/style-picker';
import { ExistsPanel } from '@/components/nearest/exists-panel';
import { formatPsi, morphPath, nearestApiPath, seedPath } from '@/lib/links';
import { BACKEND_LABELS } from '@/lib/model/backend';

import { SeedForm } from './seed-form';
import { useStudio } from './studio-context';
import { SymbolActions } from './symbol-actions';
import { SymbolFrame } from './symbol-frame';

/*
 * The studio's islands: each binds one piece of the page to the studio's state (./studio-provider), so the page
 * around them stays server HTML. Links are plain <a>: a seed page renders per request anyway.
 */

/** The plate with the symbol: the server's <img> until the visitor asks for another (components/symbol/symbol-frame). */
export function StudioPlate() {
  const { seed, model, requestedModel, status, symbol, retry, interactive } = useStudio();
  return <SymbolFrame seed={seed} modelId={model?.id ?? requestedModel} status={status} symbol={symbol} onRetry={retry} interactive={interactive} />;
}

/** The seed in words, and the strangeness when the link set one. */
export function StudioSeed() {
  const { seed, psi, linkModel, style, edits } = useStudio();
  return (
    <>
      <p className="font-seed text-3xl italic [overflow-wrap:anywhere] sm:text-4xl" data-testid="seed-text">
        {seed ?? '\u00a0'}
      </p>
      {psi !== 1 && (
        <p className="text-sm text-muted" data-testid="strangeness">
          Strangeness {formatPsi(psi)} <span className="text-xs">(1 = as drawn)</span>
          {seed && (
            <>
              {' · '}
              <a className="link" href={seedPath(seed, linkModel, 1, style, edits)}>
                see it at 1
              </a>
            </>
          )}
        </p>
      )}
    </>
  );
}

/** The kind of symbol, for a conditional model. */
export function StudioStylePicker() {
  const { model, style, chooseStyle } = useStudio();
  return model?.styles ? <StylePicker styles={model.styles} value={style} onChange={chooseStyle} className="w-full max-w-xs" /> : null;
}

/**
 * Another, share, downloads; copied links always name the model, so they keep their symbol after the default changes,
 * and carry the sliders' offsets of the symbol on screen (Another draws a new seed as drawn).
 */
export function StudioActions() {
  const { seed, model, psi, style, edits, symbol, status, another } = useStudio();
  const link = seed && model ? seedPath(seed, model.id, psi, style, edits) : null;
  return <SymbolActions symbol={symbol} ready={status.state === 'ready'} link={link} onAnother={another} />;
}

/** "Morph from here", to a random symbol chosen in the browser. */
export function StudioMorphLink() {
  const { seed, morphTarget, linkModel, psi, style } = useStudio();
  return (
    <p className="-mt-4 h-6 text-sm">
      {seed && morphTarget && (
        <a className="link" href={morphPath(seed, morphTarget, { model: linkModel, psi, styles: [style, style] })} data-testid="morph-from-here">
          Morph from here into a random symbol
        </a>
      )}
    </p>
  );
}

/** The model, and who drew the symbol on screen. */
export function StudioModelLine() {
  const { model, status } = useStudio();
  return (
    <p className="text-center text-xs text-muted" aria-live="polite">
      {model ? (
        <>
          Model <span className="font-mono">{model.id}</span>
          {status.state === 'ready' &&
            (status.backend === 'server' ? (
              ' · drawn by the server'
            ) : (
              <>
                {' · '}running on <span data-testid="backend">{BACKEND_LABELS[status.backend]}</span>
                {status.fromCache ? ' · model loaded from this browser’s cache' : ''}
              </>
            ))}
        </>
      ) : null}
      <span className="hidden sm:inline"> · press Space or → for another</span>
    </p>
  );
}

/**
 * "Does it exist?" about the symbol on screen, as the sliders moved it (?e=); naming the model makes the answer
 * immutable (cached for good).
 */
export function StudioExistsPanel() {
  const { seed, model, psi, style, edits } = useStudio();
  return <ExistsPanel url={seed && model ? nearestApiPath(seed, { model: model.id, psi, style, edits }) : null} />;
}

/** The phrase box, opening the phrase's seed page under the studio's model, strangeness and style. */
export function StudioSeedForm() {
  const { linkModel, psi, style } = useStudio();
  return <SeedForm modelId={linkModel} psi={psi} style={style} />;
}
