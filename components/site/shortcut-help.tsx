import { SHORTCUTS_DIALOG_ID } from '@/lib/browser/page-script';

/** Every page shortcut the site has, by where it works (the pages bind them with hooks/use-hotkeys). */
const SHORTCUTS: readonly { where: string; keys: readonly { keys: readonly string[]; what: string }[] }[] = [
  { where: 'A symbol (home and seed pages)', keys: [{ keys: ['Space', '→'], what: 'Another symbol' }] },
  {
    where: 'A morph',
    keys: [
      { keys: ['Space'], what: 'Play or pause' },
      { keys: ['←', '→'], what: 'One frame back or on' },
    ],
  },
  {
    where: 'Which one is real?',
    keys: [
      { keys: ['←', '→'], what: 'The left or the right one is real' },
      { keys: ['Enter'], what: 'Next round (after the answer)' },
    ],
  },
  {
    where: 'Everywhere',
    keys: [
      { keys: ['?'], what: 'This list' },
      { keys: ['Esc'], what: 'Close it' },
    ],
  },
];

/**
 * The keyboard shortcuts, in a modal dialog opened with `?` anywhere (or its button in the footer). A native <dialog>
 * in the server's HTML: the page's inline script (lib/browser/page-script) opens it, so the footer has no client
 * code; focus moves into it and back, Escape or its Close button (a method="dialog" form) closes it, and the page behind
 * is inert while it is open. Shortcuts need scripts, so with scripts off its button is hidden (app/globals.css).
 */
export function ShortcutHelp() {
  const titleId = `${SHORTCUTS_DIALOG_ID}-title`;
  return (
    <>
      <button type="button" className="link needs-script" data-opens-dialog={SHORTCUTS_DIALOG_ID} aria-keyshortcuts="?">
        Keyboard shortcuts
      </button>
      <dialog
        id={SHORTCUTS_DIALOG_ID}
        aria-labelledby={titleId}
        className="m-auto w-[min(92vw,26rem)] rounded-sm border border-line bg-paper p-6 text-left text-sm text-ink backdrop:bg-black/40"
      >
        <h2 id={titleId} className="font-display text-xl">
          Keyboard shortcuts
        </h2>
        {SHORTCUTS.map(({ where, keys }) => (
          <section key={where} className="mt-4">
            <h3 className="text-xs tracking-[0.2em] text-muted uppercase">{where}</h3>
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
              {keys.map(({ keys: pressed, what }) => (
                <div key={what} className="contents">
                  <dt>
                    {pressed.map((k, i) => (
                      <span key={k}>
                        {i > 0 && <span className="text-muted"> or </span>}
                        <kbd className="rounded-sm border border-line px-1.5 font-mono text-xs">{k}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        {/* The dialog's one control, so showModal() focuses it; method="dialog" closes the dialog without a script. */}
        <form method="dialog" className="mt-6 text-right">
          <button type="submit" className="btn">
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
