import Link from 'next/link';
import { lazy, Suspense, type Ref } from 'react';

import { seedPath } from '@/lib/links';
import type { ShownRound, Side } from '@/lib/real-or-not/round';

/** Loaded with the first answer: the game's rounds do not wait for it (and the answer is only ever drawn in the browser). */
const RoundNearest = lazy(() => import('./round-nearest'));

/**
 * After a pick: whether the visitor was right, where the real symbol comes from, how the other one was made (with a
 * link to its seed's page, which shows exactly that symbol), the generated one's nearest real symbol when the model
 * ships the index for it (`nearestUrl`), and the button to the next round.
 */
export function RoundAnswer(props: {
  round: ShownRound;
  picked: Side;
  /** Label of the round's style, for a conditional model. */
  styleLabel: string | null;
  /** The model to name in links (a non-default model), else null. */
  linkModel: string | null;
  /** /api/nearest for the generated symbol (lib/links nearestApiPath), or null when the model has no nearest index. */
  nearestUrl: string | null;
  nextRef: Ref<HTMLButtonElement>;
  onNext: () => void;
}) {
  const { round, picked, styleLabel, linkModel, nearestUrl, nextRef, onNext } = props;
  const right = picked === round.realSide;
  const fakeSide = round.realSide === 'left' ? 'right' : 'left';
  const { source } = round.real;
  return (
    <div data-testid="real-or-not-answer" className="flex flex-col items-center gap-4 text-center" role="status">
      <p className="font-display text-2xl">{right ? 'Right: you found the real one.' : 'Fooled: that one was drawn by the network.'}</p>
      <dl className="grid max-w-xl gap-x-4 gap-y-2 text-left text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-muted">Real ({round.realSide})</dt>
        <dd data-testid="real-or-not-source">
          {source.text}
          {source.augmented ? ', slightly turned, scaled or re-weighted as the training corpus’s copies are' : ''}. Held out: the
          network never saw it.
        </dd>
        <dt className="text-muted">Generated ({fakeSide})</dt>
        <dd>
          Drawn just now from the seed{' '}
          <Link className="link font-seed text-base italic" href={seedPath(round.seed, linkModel, 1, round.style)}>
            {round.seed}
          </Link>
          {styleLabel ? `, asked for ${styleLabel.toLowerCase()}` : ''}.
        </dd>
      </dl>
      {nearestUrl ? (
        <Suspense fallback={null}>
          <RoundNearest url={nearestUrl} />
        </Suspense>
      ) : null}
      <button ref={nextRef} type="button" className="btn btn-primary" data-testid="real-or-not-next" onClick={onNext}>
        Next round
      </button>
    </div>
  );
}
