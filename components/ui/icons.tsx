/**
 * Small line icons drawn as SVG in the text's colour, where a text glyph (☾ ☀ ✦) would need a font the site does
 * not ship: the browser would then search the system's fonts for it during the first layout, which on a machine with
 * many fonts installed costs tens of milliseconds before the first paint (bench/RESULTS.md, issue 12).
 */
type IconProps = { className?: string };

const common = { viewBox: '0 0 16 16', 'aria-hidden': true, width: '1em', height: '1em' } as const;

export function MoonIcon({ className }: IconProps) {
  return (
    <svg {...common} className={className}>
      <path d="M10.5 1.6A6.6 6.6 0 1 0 14.4 11 5.4 5.4 0 0 1 10.5 1.6Z" fill="currentColor" />
    </svg>
  );
}

export function SunIcon({ className }: IconProps) {
  return (
    <svg {...common} className={className}>
      <circle cx="8" cy="8" r="3.2" fill="currentColor" />
      <path
        d="M8 .8v2.1M8 13.1v2.1M.8 8h2.1M13.1 8h2.1M2.9 2.9l1.5 1.5M11.6 11.6l1.5 1.5M2.9 13.1l1.5-1.5M11.6 4.4l1.5-1.5"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
      />
    </svg>
  );
}

/** A four-pointed star, the about section's bullet. */
export function SparkIcon({ className }: IconProps) {
  return (
    <svg {...common} className={className}>
      <path d="M8 0 9.6 6.4 16 8 9.6 9.6 8 16 6.4 9.6 0 8 6.4 6.4Z" fill="currentColor" />
    </svg>
  );
}
