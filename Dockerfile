# syntax=docker/dockerfile:1
# Trygg in a container: see docs/operations.md. Build with `docker build -t trygg .`.
# CI cannot build or run this image (no container daemon there); tests/ops/container-files.test.ts
# checks what can be checked without one.

ARG NODE_VERSION=20.19

# 1. All dependencies (dev included: the build needs Vite and the Remix plugin).
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci runs the postinstall step, which patches the postgres driver (db/patches/, decision 0004).
COPY db/patches ./db/patches
RUN npm ci --no-audit --no-fund

# 2. The production build (build/server and build/client).
FROM deps AS build
COPY . .
RUN npm run build

# 3. Production dependencies only (patched the same way).
FROM node:${NODE_VERSION}-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY db/patches ./db/patches
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 4. What runs: production dependencies, the build, migrations, guidance content, server.js.
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --chown=root:root package.json package-lock.json server.js ./
COPY --chown=root:root --from=prod-deps /app/node_modules ./node_modules
COPY --chown=root:root db/migrations ./db/migrations
COPY --chown=root:root db/patches ./db/patches
COPY --chown=root:root content ./content
COPY --chown=root:root --from=build /app/build ./build
# server.js rebuilds when a source is newer than the build; the image has no sources to build
# from, so make the build the newest thing in it. DATA_DIR (PGlite, only without DATABASE_URL)
# is the one folder the app may write.
RUN find build -exec touch {} + \
 && mkdir -p /app/data && chown node:node /app/data
# The node image's unprivileged user (uid 1000); the code stays owned by root, read-only to it.
USER node
EXPOSE 3000
# Liveness only (/healthz never touches the database); /readyz is for the proxy or orchestrator.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
