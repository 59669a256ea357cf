import { STATUS_CODES } from 'node:http';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { DECORATORS, DocumentBuilder, type OpenAPIObject, type OperationObject, type ResponseObject, SwaggerModule } from '@nestjs/swagger';
import { ACCESS_KEY, type Access } from '../../auth/access.decorator.js';

/** What the document needs to know about a route handler that Swagger's own explorers do not say. */
interface HandlerFacts {
  isPublic: boolean;
  status: number;
  controller: string;
  method: string;
}

/** `DonationsController.list` → `Donations_list`: stable as long as the class and method keep their names. */
export function operationId(controllerKey: string, methodKey: string): string {
  return `${controllerKey.replace(/Controller$/, '')}_${methodKey}`;
}

/**
 * The OpenAPI document served at /docs-json (and checked by `npm run openapi:lint`). Swagger's
 * explorers give paths and schemas; one pass over the route handlers then makes every operation
 * complete in the same way, so a new route needs nothing more than its `@Roles`/`@Public`:
 * a summary (from `@ApiOperation`, else from the method's name), `security: []` on public
 * routes, a 2xx answer, and the shared error body on every 4xx answer.
 */
export function buildOpenApiDocument(app: INestApplication, appUrl: string | undefined): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Coffer')
      .setDescription('Grant and donation back office: donations, ledger, reconciliation, grants and milestones.')
      .setVersion('1')
      .setLicense('MIT', 'https://opensource.org/license/mit')
      .addServer(appUrl ?? 'http://localhost:3000')
      .addBearerAuth()
      .addSecurityRequirements('bearer')
      .build(),
    { operationIdFactory: operationId },
  );
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ErrorBody: ERROR_BODY_SCHEMA };
  const facts = handlerFacts(app);
  for (const item of Object.values(document.paths)) {
    for (const op of [item.get, item.put, item.post, item.delete, item.patch]) {
      const handler = op && facts.get(op.operationId ?? '');
      if (op && handler) completeOperation(op, handler);
    }
  }
  return document;
}

const ERROR_BODY_SCHEMA = {
  type: 'object' as const,
  description: 'Every failure (SPEC §3): 400 invalid input with field details, 401, 403, 404, 409 state conflict, 413, 429.',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' as const, example: 400 },
    error: { type: 'string' as const, example: 'Bad Request' },
    message: { type: 'string' as const },
    code: { type: 'string' as const, description: "The feature's error code, when it has one" },
    details: {
      type: 'array' as const,
      items: { type: 'object' as const, properties: { field: { type: 'string' as const }, message: { type: 'string' as const } } },
    },
  },
};

function completeOperation(op: OperationObject, handler: HandlerFacts): void {
  op.summary ||= summaryFromName(handler.method, op.tags?.[0] ?? handler.controller);
  if (handler.isPublic) op.security = [];
  const codes = Object.keys(op.responses);
  if (!codes.some((code) => code.startsWith('2'))) op.responses[handler.status] = { description: STATUS_CODES[handler.status] ?? 'Success' };
  const takesInput = Boolean(op.requestBody) || (op.parameters?.length ?? 0) > 0;
  if (takesInput && !op.responses['400']) op.responses['400'] = { description: 'Invalid input: `details` names each field and its problem' };
  if (!codes.some((code) => code.startsWith('4')) && !takesInput) op.responses['404'] = { description: 'Not found' };
  for (const [code, response] of Object.entries(op.responses as Record<string, ResponseObject | { $ref: string }>)) {
    if (code.startsWith('4') && !('$ref' in response) && !response.content) {
      response.content = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };
    }
  }
}

/** `requestPayment` on the `milestones` tag → "Request payment (milestones)". */
function summaryFromName(method: string, resource: string): string {
  const words = method.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} (${resource})`;
}

/** Each route handler's facts, keyed by the operationId Swagger gives it (explicit or from `operationId`). */
function handlerFacts(app: INestApplication): Map<string, HandlerFacts> {
  const facts = new Map<string, HandlerFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const classAccess = Reflect.getMetadata(ACCESS_KEY, metatype) as Access | undefined;
      for (const key of Object.getOwnPropertyNames(metatype.prototype)) {
        const handler = (Object.getOwnPropertyDescriptor(metatype.prototype, key)?.value ?? null) as object | null;
        if (typeof handler !== 'function' || !Reflect.hasMetadata(METHOD_METADATA, handler)) continue;
        const access = (Reflect.getMetadata(ACCESS_KEY, handler) as Access | undefined) ?? classAccess;
        const explicit = (Reflect.getMetadata(DECORATORS.API_OPERATION, handler) as { operationId?: string } | undefined)?.operationId;
        const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (requestMethod === RequestMethod.POST ? 201 : 200);
        facts.set(explicit ?? operationId(metatype.name, key), { isPublic: access?.public === true, status, controller: metatype.name, method: key });
      }
    }
  }
  return facts;
}
