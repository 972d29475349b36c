// The demo store's own script, as a real shop would have. Compare boxes (data-cp-compare) and filters
// (data-cp-filter) are counted by the markup alone; this script only offers a reset, so the survey can be seen again.
document.getElementById('reset-visitor')?.addEventListener('click', () => {
  Object.keys(localStorage).filter((k) => k.startsWith('cp:')).forEach((k) => localStorage.removeItem(k));
  location.reload();
});
