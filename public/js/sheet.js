// Score sheet: a live running total, a copy of what is typed kept in this browser's localStorage
// (so nothing is lost when the session times out or the page reloads before "Lưu nháp"), and
// evidence uploads that stay on the page so the scores typed but not yet saved stay in the fields.
(function () {
  const form = document.getElementById('sheet-form');
  if (!form) return;
  // Tied to the signed-in user: another account on this browser never sees these drafts, and
  // app.js removes them at logout (the prefix is shared with it).
  const key = 'thidua:' + form.dataset.userId + ':' + form.dataset.autosaveKey;
  // Set just before this page is left for one of its own file forms (attach without fetch, delete):
  // the user never chose to drop what was typed, so the next load puts it back without asking.
  const reloadKey = key + ':reload';
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
  const storage = {
    get(k) {
      try { return JSON.parse(localStorage.getItem(k) || 'null'); } catch (e) { return null; }
    },
    set(k, v) {
      try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* storage full or disabled: the page still works */ }
    },
    remove(k) {
      try { localStorage.removeItem(k); } catch (e) { /* nothing stored */ }
    },
  };
  const markReload = () => {
    try { sessionStorage.setItem(reloadKey, '1'); } catch (e) { /* the banner will offer the draft instead */ }
  };
  const takeReloadMark = () => {
    try {
      const had = sessionStorage.getItem(reloadKey) === '1';
      sessionStorage.removeItem(reloadKey);
      return had;
    } catch (e) {
      return false;
    }
  };

  const initial = JSON.stringify(snapshot());
  let stored = storage.get(key);
  const reloadedByUs = takeReloadMark();
  // Only a save of the scores moves the sheet's version on. A success message alone (a file was
  // attached or removed) says nothing about the scores, so the draft stays until a newer version.
  if (stored && !reloadedByUs && form.dataset.saved === '1' && String(stored.version) !== String(form.dataset.version)) {
    storage.remove(key);
    stored = null;
  }

  const restore = (values) => {
    for (const f of fields()) {
      if (!(f.name in values)) continue;
      if (f.type === 'checkbox') f.checked = values[f.name] === '1';
      else f.value = values[f.name];
    }
    recompute();
  };
  const banner = document.getElementById('draft-banner');
  if (stored && stored.values && JSON.stringify(stored.values) !== initial) {
    if (reloadedByUs) {
      restore(stored.values);
    } else if (banner) {
      banner.hidden = false;
      document.getElementById('draft-time').textContent = new Date(stored.at).toLocaleString('vi-VN');
      document.getElementById('draft-restore').addEventListener('click', () => {
        restore(stored.values);
        banner.hidden = true;
        const first = fields()[0];
        if (first) first.focus();
      });
      document.getElementById('draft-discard').addEventListener('click', () => {
        storage.remove(key);
        banner.hidden = true;
      });
    }
  }

  const keep = () => storage.set(key, { at: Date.now(), version: form.dataset.version, values: snapshot() });
  form.addEventListener('input', () => {
    keep();
    recompute();
  });
  recompute();

  // Deleting a file still reloads the page (its own small form): keep what is typed, bring it back.
  document.querySelectorAll('form[id^="del-"]').forEach((del) => {
    del.addEventListener('submit', (e) => {
      if (e.defaultPrevented) return;
      keep();
      markReload();
    });
  });

  const kb = (bytes) => Math.ceil(bytes / 1024).toLocaleString('vi-VN');
  const csrf = () => {
    const t = form.querySelector('input[name="_csrf"]');
    return t ? t.value : '';
  };

  /** The file list of one criterion in the sheet, created on its first file. */
  const fileListFor = (criterionId) => {
    let list = form.querySelector('ul[data-files-for="' + criterionId + '"]');
    if (list) return list;
    const link = form.querySelector('a[data-attach-link="' + criterionId + '"]');
    if (!link) return null;
    list = document.createElement('ul');
    list.className = 'list-unstyled small mb-0 mt-1';
    list.dataset.filesFor = criterionId;
    list.dataset.testid = 'files-' + link.dataset.code;
    link.parentNode.insertBefore(list, link);
    return list;
  };

  const addFileRow = (criterionId, file) => {
    const list = fileListFor(criterionId);
    if (!list) return;
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = file.url;
    a.textContent = file.name;
    const size = document.createElement('span');
    size.className = 'text-muted';
    size.textContent = '(' + kb(file.sizeBytes) + ' KB)';
    li.append(a, ' ', size);
    // Same markup as the server renders: a "Xóa" button bound to a small form outside the sheet form.
    const del = document.createElement('form');
    del.id = 'del-' + file.id;
    del.method = 'post';
    del.action = file.deleteUrl;
    const token = document.createElement('input');
    token.type = 'hidden';
    token.name = '_csrf';
    token.value = csrf();
    del.appendChild(token);
    del.addEventListener('submit', (e) => {
      if (!window.confirm('Xóa tệp ' + file.name + '?')) {
        e.preventDefault();
        return;
      }
      keep();
      markReload();
    });
    document.body.appendChild(del);
    const btn = document.createElement('button');
    btn.type = 'submit';
    btn.className = 'btn btn-link btn-sm p-0 ms-1 text-danger';
    btn.setAttribute('form', del.id);
    btn.textContent = 'Xóa';
    li.append(' ', btn);
    list.appendChild(li);
  };

  document.querySelectorAll('form[data-evidence-upload]').forEach((up) => {
    const status = document.createElement('div');
    status.className = 'small w-100 upload-status';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    up.appendChild(status);
    up.addEventListener('submit', async (e) => {
      if (!window.fetch || !window.FormData) {
        keep();
        markReload();
        return;
      }
      e.preventDefault();
      const input = up.querySelector('input[type=file]');
      if (!input || !input.files || !input.files.length) {
        status.className = 'small w-100 upload-status text-danger';
        status.textContent = 'Cần chọn tệp minh chứng.';
        if (input) input.focus();
        return;
      }
      const button = up.querySelector('button[type=submit]');
      if (button) button.disabled = true;
      status.className = 'small w-100 upload-status text-muted';
      status.textContent = 'Đang tải lên…';
      try {
        const res = await fetch(up.action, {
          method: 'POST',
          body: new FormData(up),
          headers: { Accept: 'application/json' },
          credentials: 'same-origin',
        });
        const body = await res.json().catch(() => null);
        if (!res.ok || !body || !body.file) {
          status.className = 'small w-100 upload-status text-danger';
          status.textContent = (body && body.error) || 'Không tải lên được tệp. Điểm đang nhập vẫn còn trên trang; vui lòng thử lại.';
          return;
        }
        // The first file of a never-saved sheet creates it: the next save must name its version.
        if (body.sheet && body.sheet.blank && form.dataset.version === '0') {
          form.dataset.version = String(body.sheet.version);
          const v = form.querySelector('input[name="version"]');
          if (v) v.value = String(body.sheet.version);
          if (storage.get(key)) keep();
        }
        addFileRow(up.dataset.evidenceUpload, body.file);
        up.reset();
        status.className = 'small w-100 upload-status text-success';
        status.textContent = body.message;
      } catch (err) {
        status.className = 'small w-100 upload-status text-danger';
        status.textContent = 'Không kết nối được máy chủ. Điểm đang nhập vẫn còn trên trang; vui lòng thử lại.';
      } finally {
        if (button) button.disabled = false;
      }
    });
  });
})();
