// "Accept the ticked ones" on a list: the confirmation names how many are ticked and which;
// a header checkbox ticks them all. Without JavaScript the form posts with its generic confirmation.
document.querySelectorAll('form[data-bulk]').forEach((form) => {
  const boxes = () => Array.from(form.querySelectorAll('input[type="checkbox"][name="agencyIds"]'));
  const update = () => {
    const ticked = boxes().filter((b) => b.checked);
    form.setAttribute(
      'data-confirm',
      ticked.length ? form.dataset.bulk.replace('{n}', String(ticked.length)) + ' ' + ticked.map((b) => b.dataset.name).join('; ') + '?' : form.dataset.bulkNone,
    );
  };
  const all = form.querySelector('[data-bulk-all]');
  if (all) {
    all.addEventListener('change', () => {
      boxes().forEach((b) => {
        b.checked = all.checked;
      });
      update();
    });
  }
  form.addEventListener('change', update);
  update();
});
