// Progressive enhancement only: every page works without JavaScript.
document.querySelectorAll('form[data-confirm]').forEach((form) => {
  form.addEventListener('submit', (e) => {
    if (!window.confirm(form.getAttribute('data-confirm'))) e.preventDefault();
  });
});
document.querySelectorAll('[data-confirm-click]').forEach((btn) => {
  btn.addEventListener('click', (e) => {
    if (!window.confirm(btn.getAttribute('data-confirm-click'))) e.preventDefault();
  });
});
// Signing out forgets this user's score drafts that sheet.js keeps ("thidua:<user id>:…"), and any
// draft from before they were tied to a user: on a shared computer nothing stays behind.
document.querySelectorAll('form[data-logout]').forEach((form) => {
  form.addEventListener('submit', () => {
    const mine = 'thidua:' + form.dataset.userId + ':';
    try {
      for (let i = localStorage.length - 1; i >= 0; i--) {
        const k = localStorage.key(i);
        if (k && (k.startsWith(mine) || k.startsWith('thidua:sheet:'))) localStorage.removeItem(k);
      }
    } catch (e) {
      // storage disabled or full: nothing of ours is there to remove
    }
  });
});
// A table wider than the screen (a phone) scrolls inside its .table-responsive box: keyboard users
// must be able to reach that box to scroll it, and screen readers hear what it is.
function markScrollableTables() {
  document.querySelectorAll('.table-responsive').forEach((box) => {
    if (box.hasAttribute('tabindex') || box.scrollWidth <= box.clientWidth) return;
    const table = box.querySelector('table');
    const caption = table && table.caption ? table.caption.textContent.trim() : '';
    box.tabIndex = 0;
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', (caption || (table && table.getAttribute('aria-label')) || 'Bảng') + ' (cuộn ngang để xem hết các cột)');
  });
}
markScrollableTables();
window.addEventListener('resize', markScrollableTables);
