/** Id of the page's <main>, target of the "Contenu" skip link. */
export const MAIN_ID = 'contenu';

/**
 * Moves the focus to the page's <h1> (or to <main> when it has none), so that screen-reader and
 * keyboard users start from the new page after a navigation or an action that replaced it.
 */
export function focusPageHeading(main: HTMLElement | null = document.getElementById(MAIN_ID)): void {
  if (!main) return;
  const target = main.querySelector('h1') ?? main;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
}
