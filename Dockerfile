# syntax=docker/dockerfile:1
# Watchkeeper container image (README "Rolling out safely" → "Container image").
# Stage 1 installs production dependencies (better-sqlite3 is native: the toolchain stays in this stage).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts=false && npm cache clean --force

# Stage 2: the runtime, no compiler, running as the unprivileged `node` user.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WATCHKEEPER_DATA_DIR=/app/data
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json ./
COPY --chown=node:node bin ./bin
COPY --chown=node:node src ./src
COPY --chown=node:node adapters ./adapters
COPY --chown=node:node skills ./skills
COPY --chown=node:node policies ./policies
COPY --chown=node:node data ./data
USER node
# State (database, audit signing key, approval key, snapshots). A named volume starts with the image's
# seed files; a bind mount must provide them (copy data/ from the repository).
VOLUME ["/app/data"]
EXPOSE 3000
# HOST=0.0.0.0 makes the console reachable from outside the container, so start-up requires
# WATCHKEEPER_CONSOLE_TOKEN (the console can approve actions).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The same as `npm start`: node bin/watchkeeper.js start
ENTRYPOINT ["node", "bin/watchkeeper.js"]
CMD ["start"]
