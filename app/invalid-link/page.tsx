import { SeedError } from '@/components/symbol/seed-error';

export const metadata = { title: 'Not a valid seed link' };

export default function InvalidLinkPage() {
  return <SeedError message="The seed in this link is not valid percent-encoded text." />;
}
