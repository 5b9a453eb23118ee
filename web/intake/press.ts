/**
 * Whether a finger or mouse button is down on an element right now. A tap's focus change comes
 * after pointerup (the compatibility mouse events follow it), so the press counts until its
 * click, or until the gesture turns out to be a scroll (pointercancel) or leaves without a click.
 */
export function pressTracker(element: HTMLElement): () => boolean {
  let pressed = false;
  let release: ReturnType<typeof setTimeout> | undefined;
  const end = () => {
    pressed = false;
    clearTimeout(release);
  };
  element.addEventListener('pointerdown', () => {
    pressed = true;
    clearTimeout(release);
    // A press that never becomes a click (dragged off the button) must not silence the checks for good.
    release = setTimeout(end, 2_000);
  });
  element.addEventListener('pointercancel', end);
  // Capture: the press ends before the submit handler runs, whatever it does with the form.
  element.addEventListener('click', end, { capture: true });
  return () => pressed;
}
