import { Router } from 'express';
import type { Db } from '../../db/client';
import type { Config } from '../../config';

export function scoringRoutes(_db: Db, _config: Config): Router {
  return Router({ mergeParams: true });
}
