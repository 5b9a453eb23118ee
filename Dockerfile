# One image for every service; docker-compose.yml names the service per container (SERVICE_NAME).
# Three stages: the production dependencies (with the native toolchain), the build (with the dev
# dependencies), and the runtime, which gets neither the toolchain nor a dev dependency: only
# node_modules --omit=dev, dist/ and the files the services read (schema/, the safelist).

# The runtime's node_modules: production dependencies only, exactly as the lockfile pins them.
# better-sqlite3 builds from source when no prebuilt binary matches: this stage has the toolchain.
FROM node:20-bookworm-slim AS deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# The build: every dependency (esbuild, tsx), then the services' bundles and the pages into dist/.
# Bundling loads no native module, so no install script needs to run (nor download anything).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 DATA_DIR=/data
WORKDIR /app
COPY --chown=root:root package.json package-lock.json ./
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root schema ./schema
COPY --chown=root:root gateway/edge/persisted-operations.json ./gateway/edge/persisted-operations.json
# The code belongs to root and is read-only for the service; /data is the one place it writes.
RUN mkdir /data && chown node:node /data
VOLUME /data
USER node
# Each service's own probe (scripts/healthcheck.ts): node, no curl; the gateway's is /readyz.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/scripts/healthcheck.js"]
# SERVICE_NAME (e.g. gateway, hrss, social-insurance) picks the service: scripts/service.ts.
CMD ["node", "--enable-source-maps", "dist/scripts/service.js"]
