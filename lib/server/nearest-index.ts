/**
 * The models' nearest indexes on the server, for /api/nearest: each model's nearest.json read from public/models once
 * per process (sha256-checked and decoded, lib/nearest/nearest-file) and kept, with the glyph thumbnails traced
 * on first use and kept beside it (a few thousand glyphs at most, each a short path). A load that fails is forgotten,
 * so the next request tries again.
 */
import 'server-only';

import type { ModelEntry } from '../model/model-folder';
import { loadNearestIndex, type NearestIndex } from '../nearest/nearest-file';
import { glyphPathData } from '../nearest/query';
import { fileModelSource, modelsDir } from './model-files';

/** A loaded index and the path data of the glyphs traced so far. */
export class LoadedNearestIndex {
  private readonly paths = new Map<number, string>();

  constructor(readonly index: NearestIndex) {}

  /** Glyph `glyph`'s thumbnail as path data (traced once). */
  glyphPath(glyph: number): string {
    let path = this.paths.get(glyph);
    if (path === undefined) {
      path = glyphPathData(this.index, glyph);
      this.paths.set(glyph, path);
    }
    return path;
  }
}

const loaded = new Map<string, Promise<LoadedNearestIndex>>();

/** The model's nearest index from the models folder `dir` (model.nearest must be present), loaded on first use. */
export function nearestIndexFor(model: ModelEntry, dir = modelsDir()): Promise<LoadedNearestIndex> {
  const key = `${model.id}@${model.nearest?.sha256 ?? ''}|${dir}`;
  let promise = loaded.get(key);
  if (!promise) {
    promise = loadNearestIndex(model, fileModelSource(dir)).then((index) => new LoadedNearestIndex(index));
    loaded.set(key, promise);
    promise.catch(() => loaded.delete(key));
  }
  return promise;
}
