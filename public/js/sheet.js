// Score sheet: a live running total, and a copy of what is typed kept in this browser's
// localStorage so that nothing is lost when the session times out before "Lưu nháp".
(function () {
  const form = document.getElementById('sheet-form');
  if (!form) return;
  // Tied to the signed-in user: another account on this browser never sees these drafts, and
  // app.js removes them at logout (the prefix is shared with it).
  const key = 'thidua:' + form.dataset.userId + ':' + form.dataset.autosaveKey;
  const fields = () => Array.from(form.querySelectorAll('input[name^="score_"], textarea[name^="evidence_"], input[name^="reviewed_"], input[name^="reason_"], input[type=checkbox][name^="return_"]'));
  const snapshot = () => {
    const o = {};
    for (const f of fields()) o[f.name] = f.type === 'checkbox' ? (f.checked ? '1' : '') : f.value;
    return o;
  };
  const parse = (s) => {
    const t = String(s || '').trim().replace(',', '.');
    if (!/^\d{1,4}(\.\d{1,2})?$/.test(t)) return 0;
    return Math.round(Number(t) * 100);
  };
  const fmt = (centi) => (centi / 100).toLocaleString('vi-VN', { maximumFractionDigits: 2 });
  const live = document.getElementById('live-total');
  const recompute = () => {
    if (!live) return;
    let total = 0;
    for (const f of form.querySelectorAll('input.score-input')) {
      const v = parse(f.value);
      total += f.dataset.kind === 'DEDUCTION' ? -v : v;
    }
    live.textContent = fmt(total);
  };

  const initial = JSON.stringify(snapshot());
  // A successful save came back: the server has what was typed; forget the local copy.
  if (form.dataset.saved === '1') localStorage.removeItem(key);

  const stored = (() => {
    try { return JSON.parse(localStorage.getItem(key) || 'null'); } catch { return null; }
  })();
  const banner = document.getElementById('draft-banner');
  if (stored && stored.values && JSON.stringify(stored.values) !== initial && banner) {
    banner.hidden = false;
    document.getElementById('draft-time').textContent = new Date(stored.at).toLocaleString('vi-VN');
    document.getElementById('draft-restore').addEventListener('click', () => {
      for (const f of fields()) {
        if (!(f.name in stored.values)) continue;
        if (f.type === 'checkbox') f.checked = stored.values[f.name] === '1';
        else f.value = stored.values[f.name];
      }
      banner.hidden = true;
      recompute();
    });
    document.getElementById('draft-discard').addEventListener('click', () => {
      localStorage.removeItem(key);
      banner.hidden = true;
    });
  }

  form.addEventListener('input', () => {
    localStorage.setItem(key, JSON.stringify({ at: Date.now(), version: form.dataset.version, values: snapshot() }));
    recompute();
  });
  recompute();
})();
