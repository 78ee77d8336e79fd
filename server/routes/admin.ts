import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import { adminAgreementRoutes } from './admin-agreements.ts';
import { adminOperatorRoutes } from './admin-operators.ts';
import { adminReferenceRoutes } from './admin-reference.ts';
import { adminSiteRoutes } from './admin-sites.ts';
import { adminUserRoutes } from './admin-users.ts';

/** Administration (Region for changes): operators, agreements, sites, users, targets, settings, scheme rules. */
export function adminRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .route('/', adminOperatorRoutes(deps))
    .route('/', adminAgreementRoutes(deps))
    .route('/', adminSiteRoutes(deps))
    .route('/', adminUserRoutes(deps))
    .route('/', adminReferenceRoutes(deps));
}
