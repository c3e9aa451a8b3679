/**
 * A conditional model page's sample rows: the same few seeds drawn in each of the model's styles, so the rows differ
 * only by style. The server draws them into the page (lib/server/first-paint) and the view lists them; both read
 * this one list.
 */
import { sampleSeeds } from '../seeds/sample-seeds';
import type { ModelEntry } from './model-folder';

/** The seeds of every style's row. */
export const STYLE_SAMPLE_SEEDS: readonly string[] = sampleSeeds(6);

/** Every symbol of the rows, style by style, each style's seeds in row order (none for a model without styles). */
export function styleSampleItems(model: Pick<ModelEntry, 'styles'>): { seed: string; style: string }[] {
  return (model.styles ?? []).flatMap((s) => STYLE_SAMPLE_SEEDS.map((seed) => ({ seed, style: s.id })));
}
