/**
 * Slider offsets -> the one vector they add to z (lib/sliders/shift): the sum of each moved slider's direction times
 * its offset, in the file's order, accumulated in float64 and rounded to float32 once. The same loop in the browser
 * and on the server, so both feed the generator the same bits (golden values in tests/unit/sliders.test.ts).
 */
import { formatEdits, formatOffset, parseEdits, type SliderOffsets } from './edits';
import type { SlidersFile } from './sliders-file';
import type { LatentShift } from './shift';

/** The shift of `offsets` (one per slider of `file`), or null when none was moved. */
export function sliderShift(file: Pick<SlidersFile, 'sliders'>, offsets: SliderOffsets): LatentShift | null {
  if (offsets.length !== file.sliders.length) throw new Error(`${offsets.length} offsets for ${file.sliders.length} sliders.`);
  const edits = formatEdits(offsets);
  if (!edits) return null;
  const size = file.sliders[0]!.direction.length;
  const sum = new Float64Array(size);
  file.sliders.forEach((slider, i) => {
    // The offset the link says (on the 0.1 grid), so a redrawn link adds exactly the vector the slider did.
    const amount = Number(formatOffset(offsets[i]!));
    if (amount === 0) return;
    for (let j = 0; j < size; j++) sum[j]! += amount * slider.direction[j]!;
  });
  return { edits, delta: Float32Array.from(sum) };
}

/** `?e=` text -> its shift under `file` (null: none moved), or the sentence saying why the text is not a valid ?e=. */
export function editsShift(
  file: Pick<SlidersFile, 'range' | 'sliders'>,
  text: string | null | undefined,
): { ok: true; shift: LatentShift | null } | { ok: false; error: string } {
  const parsed = parseEdits(text, file);
  return parsed.ok ? { ok: true, shift: sliderShift(file, parsed.offsets) } : parsed;
}
