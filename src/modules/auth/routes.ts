import { Router } from 'express';
import type passport from 'passport';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import { check } from '../../http/validate';
import { flash } from '../../http/locals';
import { requireLogin, principal, route } from '../../http/guards';
import { SESSION_COOKIE } from '../../http/session';
import { ForbiddenError } from '../../http/errors';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import { audit } from '../audit';
import { loginSchema, changePasswordSchema } from './schemas';
import type { Principal } from '../../auth/principal';

export function authRoutes(db: Db, config: Config, pp: passport.PassportStatic): Router {
  const r = Router();

  // GET /login — the sign-in form
  r.get('/login', (req, res) => {
    if (req.user) return res.redirect('/');
    const expired = req.query.expired ? 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.' : undefined;
    res.render('auth/login', { title: 'Đăng nhập', values: {}, fieldErrors: {}, error: expired, demo: config.DEMO_MODE });
  });

  // POST /login — username + password; failures slow down (src/auth/throttle.ts), the session id is regenerated on success
  r.post('/login', (req, res, next) => {
    const input = check(loginSchema, req.body);
    const values = { username: typeof req.body?.username === 'string' ? req.body.username : '' };
    if (!input.ok) {
      return res.status(422).render('auth/login', { title: 'Đăng nhập', values, fieldErrors: input.errors, demo: config.DEMO_MODE });
    }
    req.body.username = input.data.username;
    pp.authenticate('local', (err: unknown, user: Principal | false, info?: { message?: string }) => {
      if (err) return next(err);
      if (!user) {
        return res.status(401).render('auth/login', { title: 'Đăng nhập', values, fieldErrors: {}, error: info?.message, demo: config.DEMO_MODE });
      }
      const returnTo = req.session.returnTo;
      req.login(user, (loginErr) => {
        if (loginErr) return next(loginErr);
        req.session.loginAt = config.now().getTime();
        // a one-time password: the change comes before anything else
        if (user.mustChangePassword) return res.redirect('/account/password');
        res.redirect(returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/');
      });
    })(req, res, next);
  });

  // POST /logout — ends the session (never a GET: a link or an image must not sign anyone out)
  r.post('/logout', (req, res, next) => {
    const who = req.user as Principal | undefined;
    const recorded = who
      ? db.$transaction((tx) => audit(tx, { userId: who.id, ip: req.ip ?? '' }, 'auth.logout', 'User', who.id))
      : Promise.resolve();
    recorded
      .then(() =>
        req.logout((err) => {
          if (err) return next(err);
          req.session.destroy(() => {
            res.clearCookie(SESSION_COOKIE);
            res.redirect('/login');
          });
        }),
      )
      .catch(next);
  });

  // GET /account/password — change my password
  r.get('/account/password', requireLogin, (req, res) => {
    res.render('auth/password', { title: 'Đổi mật khẩu', values: {}, fieldErrors: {}, mustChange: principal(req).mustChangePassword });
  });

  // POST /account/password — current + new + confirmation; ends the user's other sessions
  r.post(
    '/account/password',
    requireLogin,
    route(async (req, res) => {
      const me = principal(req);
      const input = check(changePasswordSchema, req.body);
      const mustChange = me.mustChangePassword;
      if (!input.ok) return res.status(422).render('auth/password', { title: 'Đổi mật khẩu', values: {}, fieldErrors: input.errors, mustChange });
      const user = await db.user.findUniqueOrThrow({ where: { id: me.id } });
      if (!(await verifyPassword(user.passwordHash, input.data.currentPassword))) {
        return res
          .status(422)
          .render('auth/password', { title: 'Đổi mật khẩu', values: {}, fieldErrors: { currentPassword: 'Mật khẩu hiện tại không đúng.' }, mustChange });
      }
      const passwordHash = await hashPassword(input.data.newPassword);
      const changedAt = new Date();
      await db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: me.id }, data: { passwordHash, passwordChangedAt: changedAt, mustChangePassword: false } });
        await audit(tx, { userId: me.id, ip: req.ip ?? '' }, 'auth.password_changed', 'User', me.id);
      });
      // Other sessions of this user end at their next request (passwordChangedAt > their authAt);
      // this one signs in again so it stays valid.
      req.login(me, (err) => {
        if (err) throw err;
        req.session.loginAt = config.now().getTime();
        flash(req, 'success', 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.');
        res.redirect('/');
      });
    }),
  );

  // Everything else waits while the password is a one-time one: pages lead to the change, writes
  // are refused (sign-out and the change itself are above, so they still work).
  r.use((req, res, next) => {
    if (!(req.user as Principal | undefined)?.mustChangePassword) return next();
    if (req.method === 'GET' || req.method === 'HEAD') return res.redirect('/account/password');
    next(new ForbiddenError('Bạn cần đổi mật khẩu dùng một lần trước khi tiếp tục.'));
  });

  return r;
}
