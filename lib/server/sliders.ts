/**
 * The models' named sliders on the server (the image API and share cards with ?e=, the pages' first paint): each
 * model's sliders.json read from public/models once per process (sha256-checked and validated, lib/sliders/sliders-file)
 * and kept; a load that fails is forgotten, so the next request tries again. And `?e=` checked against them.
 */
import 'server-only';

import type { ModelEntry } from '../model/model-folder';
import { editsShift } from '../sliders/offsets';
import { loadSliders, type SlidersFile } from '../sliders/sliders-file';
import type { LatentShift } from '../sliders/shift';
import { fileModelSource, modelsDir } from './model-files';

const loaded = new Map<string, Promise<SlidersFile | null>>();

/** The model's sliders from the models folder `dir`, loaded on first use; null for a model without sliders. */
export function slidersFor(model: ModelEntry, dir = modelsDir()): Promise<SlidersFile | null> {
  const key = `${model.id}@${model.sliders?.sha256 ?? ''}|${dir}`;
  let promise = loaded.get(key);
  if (!promise) {
    promise = loadSliders(model, fileModelSource(dir));
    loaded.set(key, promise);
    promise.catch(() => loaded.delete(key));
  }
  return promise;
}

/** `?e=` for `model`: the shift it stands for (null: none), or what is wrong with it; `unavailable` when the file failed. */
export type EditsQuery = { ok: true; shift: LatentShift | null } | { ok: false; error: string; unavailable?: true };

/** `?e=` checked against the model's sliders (absent or empty: no shift). Never throws. */
export async function editsFor(model: ModelEntry, e: string | null | undefined, dir = modelsDir()): Promise<EditsQuery> {
  if (!e) return { ok: true, shift: null };
  if (!model.sliders) return { ok: false, error: `The model ${model.id} has no sliders, so a link to it cannot move them (e=); leave out e.` };
  let file: SlidersFile | null;
  try {
    file = await slidersFor(model, dir);
  } catch (error) {
    console.error(`sliders of ${model.id}`, error);
    return { ok: false, error: `The sliders of model ${model.id} cannot be read on the server right now.`, unavailable: true };
  }
  if (!file) return { ok: false, error: `The model ${model.id} has no sliders; leave out e.` };
  return editsShift(file, e);
}

/** A page's ?e= as a page uses it: the shift to draw with, the valid ?e= it stands for ('' for none), or a notice. */
export interface PageEdits {
  shift: LatentShift | null;
  edits: string;
  /** Why the link's ?e= was not used (the page draws the symbol without it); null when it was, or there was none. */
  notice: string | null;
}

/**
 * A page's ?e= (`query.e`, the first when repeated) against the model it draws with: a bad one, or one the model cannot
 * use, is a notice and no shift, so a page never fails on it. `model` null (no model, or ?m= names none): the page
 * shows that error itself, and ?e= is not looked at. Never throws.
 */
export async function pageEdits(model: ModelEntry | null, e: unknown, dir = modelsDir()): Promise<PageEdits> {
  const text = typeof e === 'string' ? e : Array.isArray(e) && typeof e[0] === 'string' ? e[0] : null;
  if (!model || !text) return { shift: null, edits: '', notice: null };
  const checked = await editsFor(model, text, dir);
  if (!checked.ok) return { shift: null, edits: '', notice: `${checked.error} The symbol is shown without it.` };
  return { shift: checked.shift, edits: checked.shift?.edits ?? '', notice: null };
}
