import { methodNotAllowed } from '@/lib/server/http';
import { cardImageResponse } from '@/lib/server/image-api';

// Node.js runtime: the generator reads public/models from disk and runs TensorFlow.js's wasm backend in Node; the edge runtime can do neither.
export const runtime = 'nodejs';
// Every code is a different image: rendered per request, cached by ETag and Cache-Control (lib/server/image-api).
export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ file: string }> };

/** A latent link's share card: /api/card/z/<code>.png. */
export async function GET(request: Request, { params }: Context) {
  return cardImageResponse(request, (await params).file, { latent: true });
}

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, methodNotAllowed as OPTIONS };
