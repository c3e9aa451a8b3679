/**
 * The first round of "Which one is real?" drawn on the server into the page, so a visitor plays at once, before
 * TensorFlow.js, the model or the real set reach the browser; the game continues from it there (lib/real-or-not/game
 * firstRound). A round is new for every request, as the browser's are: a real symbol, a fresh seed in its style and a
 * side, picked here (lib/real-or-not/round planRound). The generated symbol comes from the shared, batched generator
 * (lib/server/generator), the symbol /s/<seed>?k=<style> shows, traced from its mask as the real one is (drawFake,
 * drawReal). The model's real set is read from disk, checked against its sha256 and kept, one per model.
 * Within the first paint's budget, or not at all: the browser then draws the round, as before.
 */
import 'server-only';

import type { ModelEntry, ModelIndex } from '../model/model-folder';
import { resolveModel } from '../model/model-index';
import { loadRealSet, type RealSet } from '../real-or-not/real-set';
import { drawFake, drawReal, mathRandomInt, placeSides, planRound, type FirstRound, type RandomInt } from '../real-or-not/round';
import { FIRST_PAINT_BUDGET_MS, withinBudget } from './first-paint';
import { renderSymbol } from './generator';
import { fileModelSource, modelsDir } from './model-files';
import { PromiseCache } from './promise-cache';

/** Real sets kept: one per model being played (index.json lists a handful). */
const realSets = new PromiseCache<RealSet>(4);

/**
 * A new round for `requestedModel` (?m=, null for the default), or null when the page should leave it to the browser:
 * no such model, a model without real symbols (the page explains), a real set or model that does not load, or over the
 * budget. Never throws.
 */
export async function firstRound(
  index: ModelIndex | null,
  requestedModel: string | null,
  options: { dir?: string; budgetMs?: number; random?: RandomInt } = {},
): Promise<FirstRound | null> {
  const { dir = modelsDir(), budgetMs = FIRST_PAINT_BUDGET_MS, random = mathRandomInt } = options;
  const resolved = index ? resolveModel(index, requestedModel) : null;
  if (!resolved?.ok || !resolved.model.realSymbols) return null;
  const { model } = resolved;
  return withinBudget(drawFirstRound(model, dir, random), budgetMs, `the first round of /real-or-not on ${model.id}`);
}

async function drawFirstRound(model: ModelEntry, dir: string, random: RandomInt): Promise<FirstRound> {
  const set = await realSets.get(JSON.stringify([model.id, model.sha256, model.realSymbols!.sha256, dir]), () => loadRealSet(model, fileModelSource(dir)));
  const plan = planRound(set, model.styles?.map((s) => s.id) ?? [], random);
  const generated = await renderSymbol(model, plan.seed, dir, 1, plan.style);
  // Everything about the real symbol but its bitmap, which the page never needs.
  const real = { index: plan.real.index, style: plan.real.style, source: plan.real.source };
  const sides = placeSides(plan, { pathData: drawReal(set, plan.real).pathData }, { pathData: drawFake(set, generated).pathData });
  return { modelId: model.id, round: { real, seed: plan.seed, style: plan.style, realSide: plan.realSide, ...sides } };
}
