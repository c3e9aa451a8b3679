/**
 * The named sliders' offsets in a link (`?e=`): the moved sliders only, in their order, as `<index>:<offset>` joined
 * by commas, e.g. `e=0:1.5,3:-2`. Offsets are multiples of 0.1 written with at most one decimal, within the model's
 * ±range, never 0 (an unmoved slider is left out). One spelling per adjustment, so a symbol has one link, one ETag
 * and one cache entry: anything else (unsorted, repeated, "1.50", "+1", off the 0.1 grid) is refused with a sentence
 * saying what is wrong, which pages show as a notice and the APIs as a 400.
 */

/** Offsets are multiples of this (links write them with one decimal). */
export const SLIDER_STEP = 0.1;

/** What ?e= is checked against: the model's sliders (lib/sliders/sliders-file), by count and each one's range only. */
interface SliderSet {
  sliders: readonly { range: number }[];
}

/** Each slider's offset, in the file's order (0: not moved). */
export type SliderOffsets = readonly number[];

export type EditsResult = { ok: true; offsets: number[] } | { ok: false; error: string };

/** An offset as links write it: a multiple of 0.1 with at most one decimal ("1.5", "-2", "0.3"). */
export function formatOffset(value: number): string {
  return String(Math.round(value / SLIDER_STEP) / 10);
}

/** Offsets snapped to the 0.1 grid and clamped to ±range: what a slider control may set. */
export function snapOffset(value: number, range: number): number {
  const snapped = Math.round(value / SLIDER_STEP) / 10;
  return Math.min(range, Math.max(-range, snapped)) || 0;
}

/** The `?e=` text of `offsets` ('' when none was moved). */
export function formatEdits(offsets: SliderOffsets): string {
  return offsets
    .map((v, i) => (formatOffset(v) === '0' ? null : `${i}:${formatOffset(v)}`))
    .filter((part): part is string => part !== null)
    .join(',');
}

const ENTRY = /^(0|[1-9]\d?):(-?(?:0|[1-9]\d?)(?:\.\d)?)$/;

/** `?e=` against the model's sliders: absent or empty is no offset. */
export function parseEdits(text: string | null | undefined, file: SliderSet): EditsResult {
  const offsets = new Array<number>(file.sliders.length).fill(0);
  if (!text) return { ok: true, offsets };
  const fail = (why: string): EditsResult => ({
    ok: false,
    error: `The sliders in this link (e=${text.length > 40 ? `${text.slice(0, 40)}…` : text}) ${why} It lists moved sliders as <number>:<offset>, e.g. e=0:1.5,3:-2.`,
  });
  if (text.length > 8 * file.sliders.length) return fail('are longer than this model’s sliders can be.');
  let last = -1;
  for (const part of text.split(',')) {
    const match = ENTRY.exec(part);
    if (!match) return fail(`cannot be read at “${part.slice(0, 12)}”.`);
    const index = Number(match[1]);
    const value = Number(match[2]);
    if (index >= file.sliders.length) return fail(`name slider ${index}; this model has ${file.sliders.length} (0 to ${file.sliders.length - 1}).`);
    if (index <= last) return fail('must list each slider once, in order.');
    if (value === 0 || match[2] !== formatOffset(value)) return fail(`give slider ${index} the offset “${match[2]}”, which is not how links write it.`);
    const range = file.sliders[index]!.range;
    if (Math.abs(value) > range + 1e-9) return fail(`move slider ${index} to ${value}, past ±${range}.`);
    offsets[index] = value;
    last = index;
  }
  return { ok: true, offsets };
}
