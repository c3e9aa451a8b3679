/**
 * Slider offsets -> how they move z (lib/sliders/shift): the straight sliders' one vector, the sum of each moved one's
 * direction times its offset, in the file's order, accumulated in float64 and rounded to float32 once; and the moved
 * field sliders, in the file's order, each with its offset. The same code in the browser and on the server, so both
 * feed the generator the same bits (golden values in tests/unit/sliders.test.ts and slider-field.test.ts).
 */
import { formatEdits, formatOffset, parseEdits, type SliderOffsets } from './edits';
import type { SlidersFile } from './sliders-file';
import type { FieldMove, LatentShift } from './shift';

/** The shift of `offsets` (one per slider of `file`), or null when none was moved. */
export function sliderShift(file: Pick<SlidersFile, 'sliders'>, offsets: SliderOffsets): LatentShift | null {
  if (offsets.length !== file.sliders.length) throw new Error(`${offsets.length} offsets for ${file.sliders.length} sliders.`);
  const edits = formatEdits(offsets);
  if (!edits) return null;
  let sum: Float64Array | null = null;
  const moves: FieldMove[] = [];
  for (const [i, slider] of file.sliders.entries()) {
    // The offset the link says (on the 0.1 grid), so a redrawn link moves exactly as the slider did.
    const amount = Number(formatOffset(offsets[i]!));
    if (amount === 0) continue;
    if (slider.kind === 'field') {
      moves.push({ field: slider.field, head: slider.head, amount });
      continue;
    }
    sum ??= new Float64Array(slider.direction.length);
    for (let j = 0; j < sum.length; j++) sum[j]! += amount * slider.direction[j]!;
  }
  return { edits, delta: sum ? Float32Array.from(sum) : null, moves };
}

/** `?e=` text -> its shift under `file` (null: none moved), or the sentence saying why the text is not a valid ?e=. */
export function editsShift(
  file: Pick<SlidersFile, 'sliders'>,
  text: string | null | undefined,
): { ok: true; shift: LatentShift | null } | { ok: false; error: string } {
  const parsed = parseEdits(text, file);
  return parsed.ok ? { ok: true, shift: sliderShift(file, parsed.offsets) } : parsed;
}
