/**
 * Zod's global settings, imported for its side effect by every lib/ module that defines schemas.
 * jitless: zod otherwise probes `Function("")` to decide whether to compile parsers, which the
 * site's Content-Security-Policy (no 'unsafe-eval') blocks and reports as a violation.
 */
import * as z from 'zod/mini';

z.config({ jitless: true });
