// The demo store's own script, as a real shop would have. Compare boxes (data-cp-compare) and filters
// (data-cp-filter) are counted by the markup alone; this script only offers a reset, so the survey can be seen again.
document.getElementById('reset-visitor')?.addEventListener('click', () => {
  Object.keys(localStorage).filter((k) => k.startsWith('cp:')).forEach((k) => localStorage.removeItem(k));
  location.reload();
});
// `?cp-show=<survey id>` (printed by `confidence-pulse preview`) shows that survey at once, past its trigger and caps.
const requested = new URLSearchParams(location.search).get('cp-show');
if (requested) ConfidencePulse('show', requested, { force: true });
