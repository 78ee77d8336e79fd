import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';

// Placeholder router, filled in by its owner (see the issue it belongs to).
export function figuresRoutes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
