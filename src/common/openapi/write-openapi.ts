import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AppModule } from '../../app.module.js';
import { loadConfig } from '../../config/config.js';
import { buildOpenApiDocument } from './openapi-document.js';

/**
 * Writes the app's OpenAPI document to the file named by the first argument, without a database
 * or a listening port: Nest's preview mode builds the module graph but instantiates no provider.
 */
const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: node dist/src/common/openapi/write-openapi.js <file.json>');
const config = loadConfig();
const app = await NestFactory.create(AppModule.forRoot(config), new FastifyAdapter(), { preview: true, logger: false });
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify(buildOpenApiDocument(app, config.app.url), null, 2) + '\n');
await app.close();
