import { methodNotAllowed } from '@/lib/server/http';
import { nearestResponse } from '@/lib/server/nearest-api';

// Node.js runtime: the symbol is drawn by the server's generator and the index read from public/models on disk.
export const runtime = 'nodejs';
// Every seed is a different answer: computed per request, cached by ETag and Cache-Control (lib/server/nearest-api).
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ seed: string }> };

export async function GET(request: Request, { params }: Context) {
  return nearestResponse(request, (await params).seed);
}

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, methodNotAllowed as OPTIONS };
