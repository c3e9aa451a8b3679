import { jsonError, methodNotAllowed } from '@/lib/server/http';

// Any /api/ path no other route answers: a JSON 404 like the API's other errors, not the site's HTML 404 page.
export const dynamic = 'force-dynamic';

export function GET() {
  return jsonError(404, 'There is no such API endpoint; the API answers /api/symbol/<seed>.png, /api/symbol/<seed>.svg and /api/card/<seed>.png.');
}

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE, methodNotAllowed as OPTIONS };
