# One image for every service; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ curl && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# The community front-end's pages are built once into the image (dist/web).
RUN npm run build:web
ENV NODE_ENV=production HOST=0.0.0.0 DATA_DIR=/data
VOLUME /data
# SERVICE_ENTRY is set per service in docker-compose.yml, e.g. gateway/main.ts
CMD ["sh", "-c", "exec node --import tsx \"$SERVICE_ENTRY\""]
