# syntax=docker/dockerfile:1
# raftkv image: one node per container (`raftkv`), plus `kvctl`.
#   docker build -t raftkv:0.1.0 .
# Runs as a non-root user with a read-only root filesystem; all state lives in
# the volume at /var/lib/raftkv. tini is PID 1 and forwards SIGTERM to node,
# which hands over leadership and closes its store before exiting.
# test/system/k8s/runtime-stage.test.ts replays the runtime stage's install
# (production dependencies only) and its ENTRYPOINT/CMD outside Docker.

ARG NODE_IMAGE=node:20.19-bookworm-slim

# ---- build: dev dependencies, TypeScript compile ----
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# classic-level ships prebuilt binaries; the toolchain is there for a platform without one.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY proto ./proto
COPY src ./src
RUN npm run build

# ---- deps: production dependencies only ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="raftkv" \
      org.opencontainers.image.description="A replicated key-value store on Raft, served over gRPC" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/raftkv/raftkv" \
      org.opencontainers.image.base.name="docker.io/library/node:20.19-bookworm-slim"
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 raftkv \
 && useradd --system --uid 10001 --gid raftkv --home-dir /var/lib/raftkv --shell /usr/sbin/nologin raftkv \
 && mkdir -p /var/lib/raftkv \
 && chown raftkv:raftkv /var/lib/raftkv
WORKDIR /app
ENV NODE_ENV=production \
    RAFTKV_DATA_DIR=/var/lib/raftkv/data
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# src/codec/proto-files.ts finds the .proto files by walking up from dist/.
COPY proto ./proto
COPY package.json ./
USER 10001:10001
VOLUME ["/var/lib/raftkv"]
EXPOSE 50051 50052 8080
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/cli/raftkv.js"]
