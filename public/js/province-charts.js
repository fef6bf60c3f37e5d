// The board's charts (results, trends): progressive enhancement over the tables, which stay the page.
// A <canvas data-chart-table="id"> is drawn from the table with that id: one dataset per key of
// data-chart-series (its label is the text of the header cell with that key), one point per body
// row that carries data-chart-label (the value is the data-chart-value of the row's cell with that
// key; empty = no value). Nothing inline, so the strict CSP needs no exception.
(function () {
  'use strict';
  if (typeof window.Chart === 'undefined') return;
  var COLORS = {
    min: '#6c757d',
    median: '#0a58ca',
    max: '#198754',
    mid: '#b35900',
    end: '#9b1c1c',
    XUAT_SAC: '#198754',
    TOT: '#0a58ca',
    KHA: '#d39e00',
    TRUNG_BINH: '#b02a37',
  };
  var FALLBACK = ['#0a58ca', '#9b1c1c', '#198754', '#6f42c1', '#b35900'];
  var number = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

  function valueOf(row, key) {
    var cell = row.querySelector('[data-chart-series="' + key + '"]');
    var v = cell ? cell.getAttribute('data-chart-value') : null;
    return v === null || v === '' ? null : Number(v);
  }

  function draw(canvas) {
    var table = document.getElementById(canvas.getAttribute('data-chart-table'));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr[data-chart-label]'));
    if (!rows.length) {
      canvas.parentNode.classList.add('d-none');
      return;
    }
    var type = canvas.getAttribute('data-chart-type') || 'bar';
    var stacked = canvas.getAttribute('data-chart-stacked') === 'true';
    var unit = canvas.getAttribute('data-chart-unit') || '';
    var keys = (canvas.getAttribute('data-chart-series') || '').split(',').filter(Boolean);
    var datasets = keys.map(function (key, i) {
      var th = table.querySelector('thead [data-chart-series="' + key + '"]');
      var color = COLORS[key] || FALLBACK[i % FALLBACK.length];
      return {
        label: th ? th.textContent.trim() : key,
        data: rows.map(function (r) { return valueOf(r, key); }),
        backgroundColor: color,
        borderColor: color,
        spanGaps: true,
        tension: 0,
      };
    });
    var suffix = unit === '%' ? '%' : '';
    var valueAxis = {
      stacked: stacked,
      ticks: { callback: function (v) { return number.format(v) + suffix; } },
    };
    if (stacked) { valueAxis.min = 0; valueAxis.max = 100; }
    new window.Chart(canvas, {
      type: type,
      data: { labels: rows.map(function (r) { return r.getAttribute('data-chart-label'); }), datasets: datasets },
      options: {
        locale: 'vi-VN',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: stacked }, y: valueAxis },
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var v = ctx.parsed.y;
                return ctx.dataset.label + ': ' + (v === null ? '—' : number.format(v) + (suffix || ' ' + unit));
              },
            },
          },
        },
      },
    });
  }

  document.querySelectorAll('canvas[data-chart-table]').forEach(draw);
})();
