# The Co-op server as a small container: built from this repository, run as a non-root user, data in
# the /data volume, configured by COOP_* environment variables (see `--help` and the README).
#   docker build -t coop-server .
#   docker run -d -p 127.0.0.1:4100:4100 -v coop-data:/data -e COOP_PUBLIC_URL=https://coop.example.org coop-server

# 1. Bundle the server (esbuild). --ignore-scripts: the app's Electron and keychain packages are
#    installed as files only, never downloaded or compiled; esbuild needs none of its scripts.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && node scripts/build.mjs --server-only \
 && mkdir /manifests \
 && find . -name package.json -not -path "./node_modules/*" -exec cp --parents {} /manifests \; \
 && cp package-lock.json /manifests/

# 2. The server package's production dependencies: its native drivers (better-sqlite3, pg), which
#    the bundle leaves out. The compiler is here only for platforms without a prebuilt binary.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY --from=build /manifests/ ./
RUN npm ci --omit=dev --workspace @coop-tray/server --include-workspace-root=false --no-audit --no-fund \
 && npm cache clean --force

# 3. What runs: Node, the bundle, the drivers.
FROM node:20-bookworm-slim
ENV NODE_ENV=production COOP_DATA=/data COOP_HOST=0.0.0.0 COOP_PORT=4100
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist/server ./dist/server
RUN mkdir -m 700 /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4100
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.COOP_PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node is PID 1 and handles SIGTERM itself (a drain of at most 25 s): give `docker stop` --time 30.
ENTRYPOINT ["node", "/app/dist/server/coop-server.mjs"]
