/**
 * AdjustSession: the "Adjust" panel's state, DOM-free like the morph session and the gallery pager. It holds one
 * offset per named slider of the model (lib/sliders), draws the symbol they make with the page's generator (a seed's
 * symbol at its strangeness and style, or a latent link's), and says what the link writes (?e=).
 *
 * Drawing keeps up with a dragged slider without queueing: one pass runs at a time, and a change made while it runs
 * only marks the offsets dirty, so the pass after it draws the latest offsets and every offset in between is skipped.
 */
import type { SymbolGenerator } from '../model/generator';
import { renderCodes } from '../render/latent-symbol';
import { seedLatents, type SeedLatent } from '../render/seed-latents';
import { renderResolvedSeeds, renderSeeds, type RenderedSymbol } from '../render/symbol';
import { formatEdits, parseEdits, snapOffset } from '../sliders/edits';
import { sliderShift } from '../sliders/offsets';
import type { SlidersFile } from '../sliders/sliders-file';
import type { LatentShift } from '../sliders/shift';
import type { AdjustDrawn, AdjustSubject } from './subject';


export interface AdjustState {
  /** One per slider of the file (empty until it is set). */
  offsets: number[];
  /** The offsets as links write them (?e=); '' when none is moved. */
  edits: string;
  /** The latest drawing: its path data, the edits and style it was drawn with, its backend and pass time. */
  drawn: AdjustDrawn | null;
  /** A pass is running. */
  drawing: boolean;
  error: string | null;
  /** Why the link's ?e= was not used (it does not fit this model's sliders); null when it was, or there was none. */
  notice: string | null;
}

export class AdjustSession {
  private state: AdjustState;
  private readonly listeners = new Set<() => void>();
  private generator: SymbolGenerator | null = null;
  private file: SlidersFile | null = null;
  private running = false;
  private dirty = false;
  /** A resampled seed's latent under the generator's model, resolved once for every drag. */
  private base: { generator: SymbolGenerator; latent: Promise<SeedLatent> } | null = null;

  /** `initialEdits`: the link's ?e= (checked against the sliders once they are there), or null. */
  constructor(
    private readonly subject: AdjustSubject,
    private readonly initialEdits: string | null = null,
  ) {
    this.state = { offsets: [], edits: '', drawn: null, drawing: false, error: null, notice: null };
  }

  get current(): AdjustState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The model's sliders and the page's generator: once both are there, the symbol is drawn with the offsets. */
  setSources(generator: SymbolGenerator | null, file: SlidersFile | null): void {
    this.generator = generator;
    if (file && file !== this.file) {
      this.file = file;
      const parsed = parseEdits(this.initialEdits, file);
      const start = parsed.ok ? parsed.offsets : file.sliders.map(() => 0);
      this.update({ offsets: start, edits: formatEdits(start), notice: parsed.ok ? null : `${parsed.error} The sliders start at 0.` });
    }
    this.draw();
  }

  /** Move slider `index` to `value` (snapped to the 0.1 grid and the slider's range). */
  setOffset(index: number, value: number): void {
    if (!this.file || index < 0 || index >= this.state.offsets.length) return;
    const offsets = this.state.offsets.slice();
    offsets[index] = snapOffset(value, this.file.sliders[index]!.range);
    if (offsets[index] === this.state.offsets[index]) return;
    this.update({ offsets, edits: formatEdits(offsets) });
    this.draw();
  }

  /** Every slider back to 0: the symbol as the link without ?e= draws it. */
  reset(): void {
    if (!this.file) return;
    const offsets = this.state.offsets.map(() => 0);
    this.update({ offsets, edits: '' });
    this.draw();
  }

  /** After an error: draw the current offsets again. */
  retry(): void {
    this.update({ error: null });
    this.draw();
  }

  private draw(): void {
    if (!this.generator || !this.file) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    void this.pass(this.generator, this.file);
  }

  private async pass(generator: SymbolGenerator, file: SlidersFile): Promise<void> {
    this.running = true;
    this.update({ drawing: true });
    do {
      this.dirty = false;
      const { offsets, edits } = this.state;
      try {
        const shift = sliderShift(file, offsets);
        const subject = this.subject;
        const [symbol] = subject.kind === 'seed' ? await this.renderSeed(generator, subject, shift) : await renderCodes(generator, [subject.code], shift);
        if (symbol && generator === this.generator) {
          const drawn = { pathData: symbol.pathData, edits, style: symbol.style, backend: generator.backend, fromCache: generator.fromCache, generateMs: symbol.generateMs };
          this.update({ drawn, error: null });
        }
      } catch (error) {
        this.update({ error: error instanceof Error ? error.message : String(error) });
        this.dirty = false;
      }
    } while (this.dirty && this.generator === generator);
    this.running = false;
    this.update({ drawing: false });
  }

  /** The seed's symbol with the sliders' `shift`: a resampled seed's candidates are drawn once, not on every drag. */
  private renderSeed(generator: SymbolGenerator, subject: Extract<AdjustSubject, { kind: 'seed' }>, shift: LatentShift | null): Promise<RenderedSymbol[]> {
    const options = { psi: subject.psi, style: subject.style, shift };
    if (!generator.model.resample) return renderSeeds(generator, [subject.seed], options);
    return this.seedLatent(generator, subject.seed).then((base) => renderResolvedSeeds(generator, [subject.seed], [base], options));
  }

  private seedLatent(generator: SymbolGenerator, seed: string): Promise<SeedLatent> {
    if (this.base?.generator !== generator) {
      const latent = seedLatents(generator, [seed]).then(([base]) => base!);
      // A failed resolution is forgotten, so Retry resolves the seed again.
      latent.catch(() => this.base?.latent === latent && (this.base = null));
      this.base = { generator, latent };
    }
    return this.base.latent;
  }

  private update(patch: Partial<AdjustState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
