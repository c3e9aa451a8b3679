'use client';

import { useState } from 'react';

import { ShareLinkButton } from '@/components/controls/share-link-button';
import { pngBlob, saveMade } from '@/lib/browser/download';
import { gifFrames, stripFrames } from '@/lib/morph/exports';
import type { MorphLeg } from '@/lib/morph/leg';
import type { MorphSpeed } from '@/lib/morph/playback';
import type { MorphSession } from '@/lib/morph/session';
import { morphFileStem } from '@/lib/render/file-names';
import { stripImage } from '@/lib/render/image';

/** Each frame of the PNG strip, in pixels. */
const STRIP_FRAME_PX = 256;

/**
 * Copy link (`link`, a path on this site), the animated GIF and the PNG strip of the leg on screen, made from
 * its frames' outlines once every frame is drawn; how each export went is said through the session.
 */
export function MorphExports(props: { session: MorphSession | null; leg: MorphLeg | null; complete: boolean; speed: MorphSpeed; link: string }) {
  const { session, leg, complete, speed, link } = props;
  const [exporting, setExporting] = useState<string | null>(null);

  const exportGif = async () => {
    if (!leg || !complete) return;
    setExporting('GIF 0%');
    const frames = gifFrames(leg.frames, speed).map((f) => ({ outlines: leg.outlines[f.frame]!, delayMs: f.delayMs }));
    const failed = await saveMade(`${morphFileStem(leg.seedA, leg.seedB, leg.modelId, leg.psi, { chosen: leg.chosenStyles, drawn: leg.styleIds })}.gif`, async () => {
      // gifenc is loaded only when a GIF is asked for.
      const { outlinesToGif } = await import('@/lib/render/gif');
      const bytes = await outlinesToGif(frames, {
        onFrame: async (done, total) => {
          if (done % 8 === 0) {
            setExporting(`GIF ${Math.round((done / total) * 100)}%`);
            await new Promise((r) => setTimeout(r, 0));
          }
        },
      });
      return new Blob([bytes.slice().buffer], { type: 'image/gif' });
    });
    session?.announce(failed ? `The GIF could not be made: ${failed}` : `GIF saved: ${frames.length} frames.`);
    setExporting(null);
  };

  const exportStrip = async () => {
    if (!leg || !complete) return;
    setExporting('PNG');
    const failed = await saveMade(`${morphFileStem(leg.seedA, leg.seedB, leg.modelId, leg.psi, { chosen: leg.chosenStyles, drawn: leg.styleIds })}-strip.png`, () =>
      pngBlob(stripImage(stripFrames(leg.frames).map((i) => leg.outlines[i]!), STRIP_FRAME_PX)),
    );
    session?.announce(failed ? `The PNG strip could not be made: ${failed}` : 'PNG strip saved.');
    setExporting(null);
  };

  return (
    <div className="flex flex-wrap items-center justify-center gap-2">
      <ShareLinkButton path={link} />
      <button type="button" className="btn" disabled={!complete || exporting !== null} onClick={exportGif} data-testid="export-gif">
        {exporting?.startsWith('GIF') ? exporting : 'GIF'} <span className="text-muted">animated</span>
      </button>
      <button type="button" className="btn" disabled={!complete || exporting !== null} onClick={exportStrip} data-testid="export-strip">
        PNG <span className="text-muted">strip</span>
      </button>
    </div>
  );
}
