# syntax=docker/dockerfile:1
# One image for every role: api (default), worker, venue, migrate, check. Node 24 runs the .ts
# sources as they are (type stripping); the one build is the web console's (Vite), in its own stage.

FROM node:24-bookworm-slim AS console
WORKDIR /app
COPY package.json package-lock.json ./
COPY client/package.json ./client/
COPY scripts/console-build.ts ./scripts/
RUN npm ci --no-audit --no-fund
COPY client ./client
COPY console ./console
RUN npm run console:build

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The typed client is a workspace of the package: npm ci needs its package file. The `prepare`
# script finds no console/ here and builds nothing.
COPY client/package.json ./client/
COPY scripts/console-build.ts ./scripts/
# --omit=dev also leaves out the `node` devDependency, which pins Node 24 for local runs only:
# in the image, the image's own Node 24 runs the code.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY migrations ./migrations
COPY --from=console /app/console/dist ./console/dist
# The files stay root-owned and read-only to the process. /data (DATA_DIR) is the one writable
# folder, for report files without S3 and e-mail files without SMTP: mount a volume there (shared
# by api and worker); a new named volume takes this folder's owner.
RUN mkdir /data && chown node:node /data
USER node
# 8000: the API (PORT). 8001: the venue's API (VENUE_PORT), for `bourse venue`.
EXPOSE 8000 8001
# Readiness of the API: 200 once the database is reachable and fully migrated. The worker has no
# HTTP port and the venue answers GET /healthz on VENUE_PORT: compose.yaml disables or replaces
# this check for them.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT ?? 8000}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "src/main.ts", "api"]
