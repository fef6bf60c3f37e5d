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
