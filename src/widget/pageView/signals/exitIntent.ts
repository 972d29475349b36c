import { listen } from '../../lib/listen';

/**
 * Exit intent: the pointer leaves the window through the top edge (towards the tabs and the address bar), on
 * desktop. Once per page view.
 *
 * @returns a reader: true once the visitor showed it.
 */
export function exitIntent(doc: Document, notify: () => void, stops: (() => void)[]): () => boolean {
  let exited = false;
  stops.push(
    listen(doc, 'mouseout', (e: MouseEvent) => {
      if (!e.relatedTarget && e.clientY <= 0 && !exited) {
        exited = true;
        notify();
      }
    }),
  );
  return () => exited;
}
