import { appIconPng } from '@/lib/server/app-icon';

// The favicon and the manifest's icons: the site's own generated symbol (lib/server/app-icon), made at build time.
export const runtime = 'nodejs';

const SIZES = { small: 32, medium: 192, large: 512 } as const;
// Only those three: any other /icon/<id> is a 404 straight away. Left open, Next answered a made-up id with its own 404
// and kept that answer in its route cache on disk, one file pair per id a client cared to invent.
export const dynamicParams = false;

export function generateImageMetadata() {
  return Object.entries(SIZES).map(([id, px]) => ({ id, size: { width: px, height: px }, contentType: 'image/png' }));
}

export default async function Icon({ id }: { id: Promise<string> }) {
  const px = SIZES[(await id) as keyof typeof SIZES] ?? SIZES.small;
  return new Response(await appIconPng(px, px <= 32 ? 0.02 : 0.1), { headers: { 'Content-Type': 'image/png' } });
}
