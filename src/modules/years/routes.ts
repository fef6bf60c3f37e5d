// Every page of one bloc-year lives under /blocs/:blocId/years/:year; each module's router is
// mounted here and loads the year with loadYear() (scope + permission) on each request.
import { Router } from 'express';
import type { Db } from '../../db/client';
import type { Config } from '../../config';
import { requireLogin } from '../../http/guards';
import { setupRoutes } from '../setup/routes';
import { registrationRoutes } from '../registrations/routes';
import { pledgeRoutes } from '../pledges/routes';
import { scoringRoutes } from '../scoring/routes';
import { reviewRoutes } from '../reviews/routes';
import { awardRoutes } from '../awards/routes';
import { ballotRoutes } from '../ballots/routes';
import { closingRoutes } from '../closing/routes';
import { documentRoutes } from '../documents/routes';

export function yearRoutes(db: Db, config: Config): Router {
  const r = Router({ mergeParams: true });
  r.use(requireLogin);
  r.use(setupRoutes(db, config));
  r.use(registrationRoutes(db, config));
  r.use(pledgeRoutes(db, config));
  r.use(scoringRoutes(db, config));
  r.use(reviewRoutes(db, config));
  r.use(ballotRoutes(db, config));
  r.use(awardRoutes(db, config));
  r.use(closingRoutes(db, config));
  r.use(documentRoutes(db, config));
  const outer = Router();
  outer.use('/blocs/:blocId/years/:year', r);
  return outer;
}
