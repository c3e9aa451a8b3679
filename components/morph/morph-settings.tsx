import { useId } from 'react';

import { StrangenessControl } from '@/components/controls/strangeness-control';
import { StylePicker } from '@/components/controls/style-picker';
import type { ModelEntry } from '@/lib/model/model-folder';
import { END_MODES, MORPH_SPEEDS, type EndMode } from '@/lib/morph/playback';
import type { MorphSession, MorphState } from '@/lib/morph/session';

const END_LABELS: Record<EndMode, string> = { stop: 'Stop', loop: 'Loop', chain: 'Go on' };
const END_HINTS: Record<EndMode, string> = {
  stop: 'stop on the second symbol',
  loop: 'go back and forth',
  chain: 'continue to a new random symbol, again and again',
};

/**
 * The morph's speed, what happens at the end of a leg, its strangeness (`psi`) and, under a conditional model
 * (`styles`), the style of each end, as the session has them.
 */
export function MorphSettings(props: { session: MorphSession | null; state: MorphState | null; psi: number; styles?: ModelEntry['styles'] }) {
  const { session, state, psi, styles } = props;
  const ids = useId();
  const speed = state?.speed ?? 1;
  const mode = state?.mode ?? 'loop';
  const [styleA, styleB] = state?.leg.chosenStyles ?? [null, null];
  return (
    <div className="grid w-full max-w-3xl gap-5 sm:grid-cols-2 md:grid-cols-3 md:items-end">
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-sm">Speed</legend>
        <div className="pills self-start">
          {MORPH_SPEEDS.map((s) => (
            <label key={s}>
              <input type="radio" name={`${ids}-speed`} value={s} checked={speed === s} onChange={() => session?.setSpeed(s)} />
              {s}×
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-sm">At the end</legend>
        <div className="pills self-start">
          {END_MODES.map((m) => (
            <label key={m} title={END_HINTS[m]}>
              <input type="radio" name={`${ids}-end`} value={m} checked={mode === m} onChange={() => session?.setMode(m)} aria-describedby={`${ids}-end-${m}`} />
              {END_LABELS[m]}
              <span id={`${ids}-end-${m}`} className="sr-only">
                {END_HINTS[m]}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <StrangenessControl value={psi} onChange={(next) => session?.setPsi(next)} className="sm:col-span-2 md:col-span-1" />
      {styles && (
        <>
          <StylePicker styles={styles} value={styleA} onChange={(next) => session?.setStyles([next, styleB])} label="Style of the first symbol" />
          <StylePicker styles={styles} value={styleB} onChange={(next) => session?.setStyles([styleA, next])} label="Style of the second symbol" />
        </>
      )}
    </div>
  );
}
