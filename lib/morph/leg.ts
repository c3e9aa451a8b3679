/**
 * One leg of a morph (seed A to seed B) being drawn: its frames' outlines, generated in batches
 * (one forward pass per batch) in the order playback needs them. DOM-free; the morph session
 * (lib/morph/session) and the unit tests drive it with any SymbolGenerator.
 */
import type { SymbolGenerator } from '../model/generator';
import type { ModelEntry } from '../model/model-folder';
import type { Outline } from '../render/outline';
import { seedLatents } from '../render/seed-latents';
import { renderLatents } from '../render/symbol';
import { styleCount, styleOneHot, unknownStyleMessage } from '../seeds/style';
import { MORPH_BATCH, MORPH_FRAMES, SEED_STYLES, legEndpoints, legStyleIndices, morphLatent, morphStyle, nextBatch, type LegStyleChoice } from './frames';

export interface LegStats {
  /** Forward passes run. */
  passes: number;
  /** Milliseconds in the generator (forward pass + readback), summed. */
  generateMs: number;
  /** Milliseconds in despeckling and tracing, summed. */
  traceMs: number;
  /** Generator milliseconds of each pass, in order. */
  passMs: number[];
  /** Frames drawn by each pass, in order. */
  passFrames: number[];
}

export interface FillOptions {
  /** Frames per forward pass. */
  batch?: number;
  /**
   * Frames in the first pass of this fill (default 1, at most `batch`): the frame at the playhead
   * shows after one single-latent pass (whose shaders the warm-up already compiled) instead of
   * waiting for a whole batch, which on a slow device is seconds.
   */
  firstBatch?: number;
  /** Where playback is now, so the frames it needs next are drawn first. */
  playhead?: () => { position: number; direction: 1 | -1 };
  /** Called after each batch. */
  onBatch?: (leg: MorphLeg) => void;
  signal?: AbortSignal;
}

export class MorphLeg {
  readonly modelId: string;
  /** The two ends' style one-hots under a conditional model; null under an unconditional one. */
  readonly styles: [Float32Array, Float32Array] | null;
  /** The two ends' style ids (chosen, or the seeds' own) under a conditional model; null under an unconditional one. */
  readonly styleIds: [string, string] | null;
  /** Path data of each frame's outlines (in the SYMBOL_VIEWBOX square), null until drawn; '' is a drawn, blank frame. */
  readonly paths: (string | null)[];
  /** Each frame's outlines, null until drawn: what its exports (GIF, PNG strip) are drawn from. */
  readonly outlines: (Outline[] | null)[];
  readonly stats: LegStats = { passes: 0, generateMs: 0, traceMs: 0, passMs: [], passFrames: [] };
  /** The two ends' latents, truncated (legEndpoints): resolved by the first fill, with its generator's model. */
  private ends: Promise<[Float32Array, Float32Array]> | null = null;

  constructor(
    readonly seedA: string,
    readonly seedB: string,
    readonly psi: number,
    model: Pick<ModelEntry, 'id' | 'latentSize' | 'styles'>,
    readonly frames = MORPH_FRAMES,
    /** The styles the link chose for each end (?k=, ?ka=, ?kb=); null ends are drawn in their seed's own style. */
    readonly chosenStyles: LegStyleChoice = SEED_STYLES,
  ) {
    this.modelId = model.id;
    const count = styleCount(model);
    const chosen = chosenStyles[0] ?? chosenStyles[1];
    if (count === 0 && chosen != null) throw new Error(unknownStyleMessage(model, chosen));
    const ends = count > 0 ? legStyleIndices(seedA, seedB, model, chosenStyles) : null;
    this.styles = ends && [styleOneHot(ends[0], count), styleOneHot(ends[1], count)];
    this.styleIds = ends && [model.styles![ends[0]]!.id, model.styles![ends[1]]!.id];
    this.paths = Array<string | null>(frames).fill(null);
    this.outlines = Array<Outline[] | null>(frames).fill(null);
  }

  get readyCount(): number {
    return this.paths.reduce((n, p) => n + (p === null ? 0 : 1), 0);
  }

  get complete(): boolean {
    return this.paths.every((p) => p !== null);
  }

  isReady(i: number): boolean {
    return this.paths[i] != null;
  }

  /** The drawn frame nearest to `i` (`i` itself when it is drawn, the earlier one on a tie), or null when none is. */
  nearestReady(i: number): number | null {
    for (let d = 0; d < this.frames; d++) {
      if (this.isReady(i - d)) return i - d;
      if (this.isReady(i + d)) return i + d;
    }
    return null;
  }

  /** The two ends' truncated latents, resolved once (a failed resolution is forgotten, so the next fill tries again). */
  private endpoints(generator: SymbolGenerator): Promise<[Float32Array, Float32Array]> {
    if (!this.ends) {
      const ends = seedLatents(generator, [this.seedA, this.seedB]).then(([a, b]) => legEndpoints(a!.latent, b!.latent, this.psi));
      ends.catch(() => this.ends === ends && (this.ends = null));
      this.ends = ends;
    }
    return this.ends;
  }

  /**
   * Draw every frame that is missing. One fill at a time per leg: abort the previous one (through its
   * signal) before starting another. Rejects with the signal's reason when aborted.
   */
  async fill(generator: SymbolGenerator, options: FillOptions = {}): Promise<void> {
    if (generator.model.id !== this.modelId) throw new Error(`This morph was planned for model "${this.modelId}", not "${generator.model.id}".`);
    const [za, zb] = await this.endpoints(generator);
    const batch = Math.max(1, Math.min(64, Math.floor(options.batch ?? MORPH_BATCH)));
    let size = Math.max(1, Math.min(batch, Math.floor(options.firstBatch ?? 1)));
    for (;;) {
      options.signal?.throwIfAborted();
      const head = options.playhead?.() ?? { position: 0, direction: 1 as const };
      const todo = nextBatch(
        this.paths.map((p) => p !== null),
        head.position,
        head.direction,
        size,
      );
      size = batch;
      if (todo.length === 0) return;
      const latents = todo.map((i) => morphLatent(za, zb, i, this.frames));
      const ends = this.styles;
      const styles = ends ? todo.map((i) => morphStyle(ends[0], ends[1], i, this.frames)) : undefined;
      const t0 = performance.now();
      const { shapes, generateMs } = await renderLatents(generator, latents, styles);
      options.signal?.throwIfAborted();
      this.stats.passes += 1;
      this.stats.generateMs += generateMs;
      this.stats.passMs.push(generateMs);
      this.stats.passFrames.push(todo.length);
      this.stats.traceMs += performance.now() - t0 - generateMs;
      todo.forEach((frame, k) => {
        this.paths[frame] = shapes[k]!.pathData;
        this.outlines[frame] = shapes[k]!.outlines;
      });
      options.onBatch?.(this);
    }
  }
}
