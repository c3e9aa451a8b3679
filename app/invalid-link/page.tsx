import { SeedError } from '@/components/symbol/seed-error';

export const metadata = { title: 'Not a valid link', robots: { index: false } };

/** Where proxy.ts sends any link whose address does not decode (a seed, a morph, a model page or any other path). */
export default function InvalidLinkPage() {
  return <SeedError title="This link is broken" message="The address of this link is not valid percent-encoded text, so it names no seed or page." />;
}
