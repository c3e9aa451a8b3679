import Link from 'next/link';
import { memo } from 'react';

import { OutlineImage } from '@/components/ui/outline-image';

/**
 * One gallery symbol: a small plate linking to the seed's page, its symbol an image (the server's drawing in the HTML,
 * or the browser's). `pathData` null = not drawn (yet, or released); '' = drawn, blank.
 */
export const GalleryTile = memo(function GalleryTile({ seed, href, pathData }: { seed: string; href: string; pathData: string | null }) {
  return (
    <li>
      <Link href={href} className="tile group" data-testid="gallery-tile" data-seed={seed} data-state={pathData === null ? 'loading' : 'ready'} prefetch={false}>
        <span className="tile-plate">
          {pathData !== null ? (
            <OutlineImage pathData={pathData} size={160} className="absolute inset-[8%] h-[84%] w-[84%]" />
          ) : (
            <span className="tile-pending" aria-hidden="true" />
          )}
        </span>
        <span className="block truncate px-1 pt-1 text-center font-seed text-base text-muted italic group-hover:text-ink">
          <span className="sr-only">Symbol for the seed </span>
          {seed}
        </span>
      </Link>
    </li>
  );
});
