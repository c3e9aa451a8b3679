/**
 * The one script every page runs inline in <head> (app/layout.tsx, with the request's CSP nonce), before the body is
 * parsed, so the header and footer need no client component and no hydration:
 *
 * - the theme: <html data-theme> from the saved choice, else the system setting (followed while it changes), set before
 *   the first paint so there is no flash. Only this script sets data-theme, so its absence means scripts are off: the
 *   stylesheet then follows the system setting itself and hides the controls that need a script (app/globals.css).
 * - the theme buttons (components/site/theme-toggle): a click on `[data-theme-toggle="light"|"dark"]` switches to that
 *   theme and saves it. Each theme shows only the button that leaves it, so focus moves to the one now shown.
 * - the keyboard shortcuts' dialog (components/site/shortcut-help): `?`, or a click on `[data-opens-dialog="<id>"]`,
 *   opens that native <dialog> as a modal; it closes itself (Escape, its form's method="dialog" button).
 *
 * Listeners are delegated from the document, so they work on every page, whenever its buttons appear. It is a string
 * (an inline script cannot import anything); tests/unit/page-script.test.ts runs it against a stand-in document.
 */
import { OWN_KEYS } from './hotkeys';

/** The id of the keyboard shortcuts' dialog, which `?` opens. */
export const SHORTCUTS_DIALOG_ID = 'shortcut-help';

/** localStorage key of the visitor's theme choice. */
export const THEME_KEY = 'theme';

// `?` as lib/browser/hotkeys' isShortcutPress takes it: Shift types it, so only the other modifiers, a press already
// handled, or one aimed at an element that keeps its keys (OWN_KEYS) leave it alone.
export const PAGE_SCRIPT = `(function(){
var d=document,root=d.documentElement,K=${JSON.stringify(THEME_KEY)};
var saved=function(){try{var t=localStorage.getItem(K);return t==='dark'||t==='light'?t:null;}catch(e){return null;}};
var m=window.matchMedia?window.matchMedia('(prefers-color-scheme: dark)'):null;
var apply=function(){root.dataset.theme=saved()||(m&&m.matches?'dark':'light');};
apply();
if(m&&m.addEventListener)m.addEventListener('change',apply);
var open=function(id){var dialog=d.getElementById(id);if(dialog&&!dialog.open)dialog.showModal();};
d.addEventListener('click',function(e){
var t=e.target&&e.target.closest?e.target:null;if(!t)return;
var toggle=t.closest('[data-theme-toggle]');
if(toggle){
var next=toggle.getAttribute('data-theme-toggle');
root.dataset.theme=next;
try{localStorage.setItem(K,next);}catch(err){}
var shown=d.querySelector('[data-theme-toggle]:not([data-theme-toggle="'+next+'"])');
if(d.activeElement===toggle&&shown)shown.focus();
return;
}
var opener=t.closest('[data-opens-dialog]');
if(opener)open(opener.getAttribute('data-opens-dialog'));
});
d.addEventListener('keydown',function(e){
if(e.key!=='?'||e.defaultPrevented||e.altKey||e.ctrlKey||e.metaKey)return;
if(e.target&&e.target.closest&&e.target.closest(${JSON.stringify(OWN_KEYS)}))return;
e.preventDefault();open(${JSON.stringify(SHORTCUTS_DIALOG_ID)});
});
})();`;
