import Link from 'next/link';

import { seedPath, symbolImagePath } from '@/lib/links';

/**
 * Sample seeds as links to their pages, each with its symbol from the image API (server-rendered
 * SVG, immutable for the named model, lazily loaded). Server component: no JavaScript.
 */
export function SeedList({ seeds, modelId }: { seeds: readonly string[]; modelId: string | null }) {
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-5" data-testid="sample-seeds">
      {seeds.map((seed) => (
        <li key={seed}>
          <Link href={seedPath(seed)} className="plate flex h-full flex-col items-center gap-2 p-3 text-center hover:text-accent focus-visible:text-accent">
            {modelId && (
              // eslint-disable-next-line @next/next/no-img-element -- a plain, lazily loaded SVG from our own image API
              <img
                src={symbolImagePath(seed, 'svg', { model: modelId })}
                alt=""
                width={96}
                height={96}
                loading="lazy"
                decoding="async"
                className="h-24 w-24 dark:invert"
              />
            )}
            <span className="font-display text-sm break-all">{seed}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
