/**
 * Metadata of a seed page (/s/<seed>[?m=<id>][&k=<style>][&t=<psi>][&e=<edits>]): title, description, canonical link and the share
 * card for Open Graph and Twitter (summary_large_image) with per-seed alt text. The card URL always
 * names the model (the requested one, else the current default), so the image it points at is
 * immutable and a CDN may keep it; opengraph-image.tsx could not see ?m=, hence the explicit route.
 */
import 'server-only';

import { cardImagePath, seedPath } from '../links';
import type { Metadata } from 'next';

import { resolveModel } from '../model/model-index';
import { CARD_SIZE, cardAlt, seedDescription, seedTitle } from '../share';
import { SITE } from '../site';
import { readModelIndex } from './model-files';
import { requestOrigin } from './origin';

/**
 * `style`: the page's checked ?k= (a style id of the model), null when the seed picks its own; `edits`: its checked
 * ?e= ('' for none, or when it was refused: the page then shows the symbol without it, and so does its card).
 */
export async function seedMetadata(seed: string, requestedModel: string | null, psi = 1, style: string | null = null, edits = ''): Promise<Metadata> {
  const origin = await requestOrigin();
  const index = await readModelIndex().catch(() => null);
  const requested = index && requestedModel ? resolveModel(index, requestedModel) : null;
  const fallback = index ? resolveModel(index, null) : null;
  const modelId = requested?.ok ? requested.model.id : fallback?.ok ? fallback.model.id : null;

  const title = seedTitle(seed);
  const description = seedDescription(seed);
  // A link with a strangeness other than 1, a chosen style or moved sliders is its own page: its own canonical URL and card.
  const url = `${origin}${seedPath(seed, requested?.ok ? requested.model.id : null, psi, style, edits)}`;
  const alt = cardAlt(seed);
  const images = modelId ? [{ url: `${origin}${cardImagePath(seed, modelId, psi, style, edits)}`, ...CARD_SIZE, alt, type: 'image/png' }] : [];
  return {
    title,
    description,
    alternates: { canonical: url },
    openGraph: { type: 'website', siteName: SITE.name, title: `${title} · ${SITE.name}`, description, url, images },
    twitter: { card: 'summary_large_image', title: `${title} · ${SITE.name}`, description, images: images.map((i) => ({ url: i.url, alt: i.alt })) },
  };
}
