import { useMemo } from 'react';

import type { ModelIndex } from '@/lib/model/model-folder';
import { resolveModel, type ModelResolution } from '@/lib/model/model-index';

const NO_MODEL = 'No model has been published yet: export one to public/models/ and rebuild.';

/**
 * The model a page draws with: `?m=` when given, else the index's default. `linkModel` is set only when links must
 * carry the id (a non-default model); `fatal` is the message to show when there is no such model.
 */
export function useModelChoice(index: ModelIndex | null, requestedModel: string | null) {
  const resolved = useMemo<ModelResolution>(
    () => (index ? resolveModel(index, requestedModel) : { ok: false, error: NO_MODEL }),
    [index, requestedModel],
  );
  return {
    model: resolved.ok ? resolved.model : null,
    linkModel: resolved.ok && !resolved.isDefault ? resolved.model.id : null,
    fatal: resolved.ok ? null : resolved.error,
  };
}
