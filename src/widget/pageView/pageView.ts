import type { PulseEvent } from '../../contract/eventShapes';
import type { PageSignals } from './signals/createPageSignals';

/**
 * One page view, as the page-view stage hands it on to eligibility and to the events: where it is, its id, how it
 * was reached and its live signals. The `_` names are the widget's own, so the build shortens them.
 */
export interface PageView {
  _page: PulseEvent['page'];
  /** The `pageViewId` of its events. */
  _id: string;
  /** `navigate`, `reload`, `back_forward` (a restore from the back/forward cache). */
  _navigation: string;
  _signals: PageSignals;
}
