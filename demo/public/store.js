// The demo store's own script, as a real shop would have: it reports comparisons to Confidence Pulse
// through the command queue and offers a reset so the survey can be seen again.
document.addEventListener('change', (event) => {
  const box = event.target;
  if (box instanceof HTMLInputElement && box.hasAttribute('data-cp-compare') && box.checked) {
    ConfidencePulse('track', 'compare');
  }
});
document.getElementById('reset-visitor')?.addEventListener('click', () => {
  Object.keys(localStorage).filter((k) => k.startsWith('cp:')).forEach((k) => localStorage.removeItem(k));
  location.reload();
});
// `?cp-show=<survey id>` (printed by `confidence-pulse preview`) shows that survey at once, past its trigger and caps.
const requested = new URLSearchParams(location.search).get('cp-show');
if (requested) ConfidencePulse('show', requested, { force: true });
