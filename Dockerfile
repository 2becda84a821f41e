# syntax=docker/dockerfile:1
# One image for every role: api (default), worker, migrate. Node 24 runs the .ts sources as they
# are (type stripping), so there is no build step, only the production dependencies.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=dev also leaves out the `node` devDependency, which pins Node 24 for local runs only:
# in the image, the image's own Node 24 runs the code.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY migrations ./migrations
# The files stay root-owned and read-only to the process.
USER node
EXPOSE 8000
# Readiness of the API: 200 once the database is reachable and fully migrated. The worker has no
# HTTP port: disable this check for it (compose.yaml does).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT ?? 8000}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "src/main.ts", "api"]
