import { SparkIcon } from '@/components/ui/icons';
import type { ModelEntry } from '@/lib/model/model-folder';
import { modelFileUrl } from '@/lib/model/model-index';

const SOURCES = [
  ['Font glyphs', 'the traditional alchemical, astrological, runic and ogham signs in open fonts'],
  ['Hershey glyphs', 'the astrology symbols of the 1967 Hershey vector fonts'],
  ['Constructed sigils', 'planetary kamea sigils, bindrunes, seals and chaos-magic sigils, drawn by program'],
] as const;

/**
 * "What is this": the GAN in two sentences, where the training symbols came from, the model card and sample sheet.
 * Server HTML under the homepage's and seed pages' studio, with a plain link: next/link would put its client module
 * into those pages' first-load JavaScript for one link below the first screen.
 */
export function AboutSection({ model }: { model: ModelEntry | null }) {
  return (
    <section id="about" aria-labelledby="about-title" className="below-fold mx-auto grid w-full max-w-5xl gap-10 px-4 sm:px-6 md:grid-cols-[1.2fr_1fr]">
      <div className="flex flex-col gap-5">
        <h2 id="about-title" className="font-display text-2xl">
          What is this?
        </h2>
        <p>
          A generative adversarial network (GAN) is two neural networks trained against each other: a <em>generator</em> that turns
          random numbers into images, and a <em>discriminator</em> that learns to tell its images from real ones. As each improves, the
          generator learns to draw things that look like they belong to the training set without copying any of it.
        </p>
        <p>
          Here the training set is magic symbols. The generator runs in your browser, so every symbol is made on your own device; a seed
          (any text) always gives the same symbol, so you can share it.
        </p>
        <h3 className="font-display text-lg">Where the training symbols came from</h3>
        <ul className="flex flex-col gap-2">
          {SOURCES.map(([title, text]) => (
            <li key={title} className="flex gap-3">
              <SparkIcon className="mt-[0.4em] shrink-0 text-accent" />
              <span>
                <strong className="font-semibold">{title}</strong>: {text}.
              </span>
            </li>
          ))}
        </ul>
        {model && (
          <p>
            <a href={`/models/${model.id}`} className="link">
              Read the model card
            </a>{' '}
            for how <span className="font-mono text-sm">{model.id}</span> was trained and how good it is.
          </p>
        )}
      </div>
      {model && (
        <figure className="flex flex-col gap-2">
          {/* eslint-disable-next-line @next/next/no-img-element -- a static sample sheet, shown pixel-exact */}
          <img
            src={modelFileUrl(model.id, 'samples.png')}
            alt={`An 8 by 8 sheet of 64 symbols sampled from the model ${model.id}`}
            width={512}
            height={512}
            loading="lazy"
            className="samples w-full rounded-sm border border-line"
          />
          <figcaption className="text-xs text-muted">Samples from the model, as it draws them before any clean-up.</figcaption>
        </figure>
      )}
    </section>
  );
}
