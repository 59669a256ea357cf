import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { Access, ACCESS_KEY } from '../../src/auth/access.decorator.js';
import { STAFF_PAGE_KEY } from '../../src/auth/staff-session.js';
import { STRIPE_WEBHOOK_ROUTE } from '../../src/stripe/stripe-webhook.route.js';

export interface RouteInfo {
  method: string;
  path: string;
  handler: string;
  access: Access | undefined;
  /** A route's own tighter body limit (`@MaxBody`), if it declares one. */
  maxBody?: number;
  /** A staff page (`@StaffPage`): signed in by session cookie, not bearer token. */
  staffPage?: boolean;
}

function join(...parts: (string | string[] | undefined)[]): string {
  const path = parts
    .map((p) => (Array.isArray(p) ? p[0] : p) ?? '')
    .join('/')
    .replace(/\/+/g, '/')
    .replace(/\/$/, '');
  return path.startsWith('/') ? path : `/${path}`;
}

/** Every HTTP route of the application, read from Nest's own metadata (nothing hand-listed). */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const reflector = new Reflector();
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller) continue;
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const fn = proto[name];
        if (name === 'constructor' || typeof fn !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod];
        const access = reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [fn, controller]);
        const maxBody = Reflect.getMetadata('coffer:maxBody', fn) as number | undefined;
        const staffPage = reflector.getAllAndOverride<boolean | undefined>(STAFF_PAGE_KEY, [fn, controller]) === true;
        routes.push({ method, path: join(base, path), handler: `${controller.name}.${name}`, access, maxBody, staffPage });
      }
    }
  }
  // The routes the app registers on Fastify itself (B2: the Stripe webhook), when this app has them.
  const fastify = (app.getHttpAdapter().getInstance() as { hasRoute?: (o: { method: string; url: string }) => boolean }).hasRoute;
  for (const direct of [STRIPE_WEBHOOK_ROUTE]) {
    if (fastify?.call(app.getHttpAdapter().getInstance(), { method: direct.method, url: direct.path })) {
      routes.push({ method: direct.method, path: direct.path, handler: direct.handler, access: direct.access });
    }
  }
  return routes;
}
