import { AboutSection } from '@/components/about/about-section';
import { SymbolStudio } from '@/components/symbol/symbol-studio';
import { resolveModel } from '@/lib/model/model-folder';
import { readModelIndex } from '@/lib/server/model-files';

export default async function HomePage() {
  const index = await readModelIndex();
  const current = index ? resolveModel(index, null) : null;
  return (
    <>
      <h1 className="sr-only">This Symbol Does Not Exist: a new magic symbol on every visit</h1>
      <SymbolStudio index={index} seed={null} requestedModel={null} />
      <AboutSection model={current?.ok ? current.model : null} />
    </>
  );
}
