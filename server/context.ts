import type { Db } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import type { Geography } from '../geo/geography.ts';
import type { Config } from './config.ts';

/** What every router is built with: created once at start, shared by all requests. */
export interface AppDeps {
  db: Db;
  config: Readonly<Config>;
  geo: Geography;
}

export interface AuthUser {
  id: number;
  email: string;
  role: Role;
  operatorId: string | null;
  via: 'session' | 'token';
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    user: AuthUser | null;
  };
}
