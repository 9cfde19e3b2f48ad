# tradedesk container image. Build: docker build -t tradedesk .   Run: see README "Run with Docker".
# Two stages: the first installs every dependency (the SQLite binding is compiled here) and builds
# TypeScript; the second carries only the built bot and its production dependencies.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# sqlite3 builds its native binding from source (package.json "allowScripts").
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
# npm ci installs, then builds the bot (src only) through package.json's prepare script.
RUN npm ci
RUN npm prune --omit=dev

FROM node:20-bookworm-slim
# tini is PID 1: it hands SIGTERM (docker stop) to node, which finishes the actions under way
# before it exits, and reaps anything orphaned.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
# GLIBC_TUNABLES and --v8-pool-size=1 (below) are what `npm start` sets: glibc and V8 read them
# only at process start, and they keep the idle bot's memory down (README, "Speed and memory").
ENV NODE_ENV=production \
  HTTP_PORT=8080 \
  HTTP_HOST=0.0.0.0 \
  GLIBC_TUNABLES=glibc.malloc.mmap_threshold=65600
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
# The SQLite store (the default STORE_URL) and anything else kept lives here.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 8080
# The image has no curl: node asks /healthz itself (200 → healthy, anything else or no answer → not).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["node", "-e", "require('node:http').get({ host: '127.0.0.1', port: process.env.HTTP_PORT, path: '/healthz', timeout: 8000 }, (res) => process.exit(res.statusCode === 200 ? 0 : 1)).on('timeout', () => process.exit(1)).on('error', () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--v8-pool-size=1", "dist/src/index.js"]
