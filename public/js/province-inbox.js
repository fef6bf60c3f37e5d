// The proposals inbox: the confirmation of a decision names the outcome and how many proposals are
// ticked and which; the header checkbox ticks every waiting proposal of the page. Without
// JavaScript the form posts with its generic confirmation and the confirmation checkbox.
(function () {
  const form = document.getElementById('decide-form');
  if (!form) return;
  const boxes = () => Array.from(document.querySelectorAll('input[data-pick]'));
  const count = form.querySelector('[data-selected-count]');
  const label = (b) => {
    const l = document.querySelector('label[for="' + b.id + '"]');
    return l ? l.textContent.replace(/^Chọn đề nghị /, '').trim() : b.value;
  };
  const update = () => {
    const ticked = boxes().filter((b) => b.checked);
    const outcome = form.querySelector('input[name="outcome"]:checked');
    const what = outcome ? (outcome.value === 'APPROVED' ? 'ĐƯỢC khen thưởng' : 'KHÔNG được khen thưởng') : '';
    if (count) count.textContent = ticked.length ? 'Đã chọn ' + ticked.length + ' đề nghị.' : 'Chưa chọn đề nghị nào: đánh dấu các đề nghị trong bảng (cột đầu).';
    form.setAttribute(
      'data-confirm',
      ticked.length
        ? 'Ghi quyết định ' + what + ' cho ' + ticked.length + ' đề nghị: ' + ticked.map(label).join('; ') + '? Sau khi ghi, chỉ sửa được bằng đính chính có lý do.'
        : 'Chưa chọn đề nghị nào. Vẫn gửi biểu mẫu?',
    );
  };
  const all = document.querySelector('[data-select-all]');
  if (all) {
    all.addEventListener('change', () => {
      boxes().forEach((b) => {
        b.checked = all.checked;
      });
      update();
    });
  }
  boxes().forEach((b) => b.addEventListener('change', update));
  form.addEventListener('change', update);
  update();
})();
