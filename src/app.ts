// createApp(): the Express app without listen(), so tests drive it through supertest.
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { csrfProtection, generateToken, loginCsrf } from './http/csrf';
import type { Db } from './db/client';
import type { Config } from './config';
import { sessionMiddleware, absoluteTimeout } from './http/session';
import { viewLocals } from './http/locals';
import { formBodyParser } from './http/body-limit';
import { anonymousNotFound, databaseUnavailable, errorHandler, methodNotAllowed, notFoundHandler, retryAfterSeconds } from './http/errors';
import { configurePassport } from './auth/passport';
import { authRoutes } from './modules/auth/routes';
import { pageRoutes } from './modules/pages';
import { userRoutes } from './modules/users/routes';
import { provinceRoutes } from './modules/provinces/routes';
import { provinceAwardRoutes } from './modules/province-view/register-routes';
import { provinceDashboardRoutes } from './modules/province-view/dashboard-routes';
import { provinceResultsRoutes } from './modules/province-view/results-routes';
import { yearRoutes } from './modules/years/routes';
import { blocAdminRoutes } from './modules/blocs/routes';
import { agencyRoutes } from './modules/agencies/routes';
import { importRoutes } from './modules/imports/routes';
import { criteriaImportRoutes } from './modules/imports/criteria-routes';
import { provinceAdminRoutes } from './modules/provinces/admin-routes';
import * as fmt from './i18n/format';
import * as enums from './domain/enums';
import { can } from './auth/permissions';

const root = path.resolve(__dirname, '..');

/**
 * public/ served by express.static, asked only for paths under its own top-level entries (css/,
 * js/, favicon.svg): any other request would cost a stat() of a file that is not there, on every
 * page. The entries are read once at start; public/ is part of the build.
 */
function publicFiles(dir: string): express.RequestHandler {
  const serve = express.static(dir, { maxAge: '1h' });
  const entries = new Set(fs.existsSync(dir) ? fs.readdirSync(dir) : []);
  return (req, res, next) => {
    const first = req.path.split('/', 2)[1] ?? '';
    return entries.has(decodeURIComponentSafe(first)) ? serve(req, res, next) : next();
  };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function createApp(db: Db, config: Config, log: (msg: string) => void = console.error) {
  const app = express();
  app.set('view engine', 'ejs');
  app.set('views', path.join(root, 'views'));
  app.set('trust proxy', config.TRUST_PROXY);
  app.disable('x-powered-by');
  // Express passes `cache` to EJS, which then keeps each compiled template and include (config.ts).
  app.set('view cache', config.viewCache);
  // Defaults for views rendered before viewLocals ran (e.g. an error raised by the CSRF check).
  Object.assign(app.locals, { fmt, enums, can, user: undefined, flash: [], csrfToken: '', fieldErrors: {}, values: {}, currentPath: '/', loginCsrfToken: () => '' });

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
          ...(config.cookieSecure ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: config.cookieSecure,
    }),
  );

  // Front-end libraries from node_modules, no CDN.
  app.use('/vendor/bootstrap', express.static(path.join(root, 'node_modules', 'bootstrap', 'dist'), { maxAge: '7d', immutable: true }));
  // Chart.js for the board's charts, from node_modules (no CDN; the UMD build loads under the strict CSP)
  app.use('/vendor/chartjs', express.static(path.join(root, 'node_modules', 'chart.js', 'dist'), { maxAge: '7d', immutable: true }));
  app.use(publicFiles(path.join(root, 'public')));

  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/favicon.svg'));
  // GET /healthz — liveness and database check, for a load balancer: JSON, never a page
  app.get('/healthz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      await db.$queryRawUnsafe('SELECT 1');
      res.json({ ok: true });
    } catch (err) {
      res.status(503).set('Retry-After', String(databaseUnavailable(err) ? retryAfterSeconds(err) : 30)).json({ ok: false });
    }
  });

  // Everything below is per user or carries a form token: no browser or proxy may keep a copy
  // (the back button after logout, a shared computer).
  app.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  const { middleware: sessions } = sessionMiddleware(db, config);
  app.use(sessions);
  app.use(absoluteTimeout(config));
  const pp = configurePassport(db, config);
  app.use(pp.initialize());
  app.use(pp.session());
  // After the session: a signed-in user may send the largest form (a full score sheet), an anonymous
  // caller only a sign-in. Too large → 413 page that leads back to the form (src/http/errors.ts).
  app.use(formBodyParser());

  app.use(methodNotAllowed(app));
  app.use(anonymousNotFound(app));
  const login = loginCsrf(config);
  app.use(csrfProtection);
  app.post('/login', login.verify);
  app.use(viewLocals(generateToken, login.issue));

  app.use(authRoutes(db, config, pp));
  app.use(blocAdminRoutes(db)); // before the year routes: /blocs/:id/years/new is not a year
  app.use(yearRoutes(db, config));
  app.use(provinceRoutes(db));
  app.use(provinceAwardRoutes(db));
  app.use(provinceDashboardRoutes(db));
  app.use(provinceResultsRoutes(db));
  app.use(userRoutes(db));
  app.use(agencyRoutes(db)); // the list, the page and their administration (before /agencies/:id of nobody else)
  app.use(importRoutes(db, config)); // the organisation import from Excel/CSV (/imports…)
  app.use(criteriaImportRoutes(db, config)); // the province's criteria template, criteria imports and their workbook
  app.use(provinceAdminRoutes(db));
  app.use(pageRoutes(db));

  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}
