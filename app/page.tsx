import { connection } from 'next/server';

import { AboutSection } from '@/components/about/about-section';
import { SymbolStudio } from '@/components/symbol/symbol-studio';
import { resolveModel } from '@/lib/model/model-index';
import { parseStyleParam } from '@/lib/route-params';
import { randomSeed } from '@/lib/seeds/seed';
import { firstPaint, pinsBackend } from '@/lib/server/first-paint';
import { readModelIndex } from '@/lib/server/model-files';
import { pageEdits } from '@/lib/server/sliders';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * A new symbol on every visit, in the HTML: the page is rendered per request (README, "The first symbol") and the
 * server draws a random seed's symbol into it, in the style the link's ?k= chooses and moved by its sliders (?e=).
 */
export default async function HomePage({ searchParams }: Props) {
  await connection();
  const query = await searchParams;
  const index = await readModelIndex();
  const current = index ? resolveModel(index, null) : null;
  const model = current?.ok ? current.model : null;
  const k = parseStyleParam(query.k, model);
  const style = k.ok ? k.style : null;
  const edits = await pageEdits(model, query.e);
  const notice = [k.ok ? k.notice : `${k.error} Each seed is drawn in its own style instead.`, edits.notice].filter(Boolean).join(' ') || null;
  const drawn = pinsBackend(query) ? null : await firstPaint(index, null, randomSeed(), { style, shift: edits.shift });
  return (
    <>
      <h1 className="sr-only">This Symbol Does Not Exist: a new magic symbol on every visit</h1>
      <SymbolStudio index={index} seed={null} requestedModel={null} style={style} edits={edits.edits} notice={notice} firstPaint={drawn} />
      <AboutSection model={model} />
    </>
  );
}
