/** Exit intent: the pointer leaves the window through its top edge, once per page view. */
import { expect, test } from 'vitest';
import { exitIntent } from '../../../../src/widget/pageView/signals/exitIntent';
import { useFakeLifecycle } from './fakeLifecycle';

const stops = useFakeLifecycle();
const leave = (clientY: number, relatedTarget: EventTarget | null = null) =>
  document.body.dispatchEvent(new MouseEvent('mouseout', { clientY, relatedTarget, bubbles: true }));

test('leaving through the top edge is exit intent, once; moving between elements or out at the side is not', () => {
  let changes = 0;
  const exited = exitIntent(document, () => changes++, stops);
  // Into another element of the page, even at the top.
  leave(0, document.documentElement);
  // Out of the window below its top edge (the side or the bottom).
  leave(300);
  expect([exited(), changes]).toEqual([false, 0]);
  leave(0);
  expect([exited(), changes]).toEqual([true, 1]);
  // Above the top edge too, but once is enough: triggers are told once.
  leave(-5);
  expect([exited(), changes]).toEqual([true, 1]);
});
