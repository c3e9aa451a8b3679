import { appIconPng } from '@/lib/server/app-icon';

export const runtime = 'nodejs';
export const size = { width: 180, height: 180 };
export const contentType = 'image/png';

export default async function AppleIcon() {
  return new Response(await appIconPng(size.width, 0.12), { headers: { 'Content-Type': contentType } });
}
