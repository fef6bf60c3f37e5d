// The benchmark's bare page: Express 5 + EJS rendering a 14 × 16 score table from memory — no
// session, no database, no security headers. What no portal page can beat on this machine, so each
// page's requests per second are reported as a share of it (scripts/bench.ts), measured in the same
// run. Started like the portal, as a child process through tsx, with the same NODE_ENV: in
// development neither Express nor the portal caches compiled views, and the bare page pays the same.
//
//   tsx scripts/bench-bare.ts <port>     prints "listening <port>" once it serves
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';

const TEMPLATE = `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><title><%= title %></title><link rel="stylesheet" href="/vendor/bootstrap/css/bootstrap.min.css"></head>
<body><main class="container">
<h1 class="h4"><%= title %></h1>
<table class="table table-sm table-bordered">
<thead><tr><th>Đơn vị</th><% for (const c of criteria) { %><th><%= c %></th><% } %><th>Tổng</th></tr></thead>
<tbody>
<% for (const u of units) { %><tr><th><%= u.name %></th><% for (const s of u.scores) { %><td class="text-end"><%= fmt(s) %></td><% } %><td class="text-end fw-semibold"><%= fmt(u.total) %></td></tr>
<% } %></tbody>
</table>
</main></body>
</html>
`;

const criteria = Array.from({ length: 16 }, (_, i) => `${Math.floor(i / 4) + 1}.${(i % 4) + 1}`);
const units = Array.from({ length: 14 }, (_, u) => {
  const scores = criteria.map((_, c) => 500 + ((u * 37 + c * 11) % 125));
  return { name: `Cơ quan thử nghiệm số ${u + 1}`, scores, total: scores.reduce((a, b) => a + b, 0) };
});
const points = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

const views = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-bench-bare-'));
fs.writeFileSync(path.join(views, 'table.ejs'), TEMPLATE);

const app = express();
app.set('view engine', 'ejs');
app.set('views', views);
if (process.env.NODE_ENV === 'production') app.set('view cache', true);
app.get('/', (_req, res) => {
  res.render('table', { title: 'Bảng điểm 14 đơn vị × 16 tiêu chí', criteria, units, fmt: (centi: number) => points.format(centi / 100) });
});

const server = app.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
const stop = () => server.close(() => {
  fs.rmSync(views, { recursive: true, force: true });
  process.exit(0);
});
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
