# One image for every service; docker-compose.yml picks the entry point per container.
# NODE_VERSION is the Node.js release the test suite runs on (README, "Requirements").
ARG NODE_VERSION=20.20.2

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY platform ./platform
COPY subgraphs ./subgraphs
COPY gateway ./gateway
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY schema ./schema
USER node
EXPOSE 4000 4001 4002 4003
# The gateway's memory: 16 MB semi-spaces for the young generation (V8's default, pinned), an old
# generation collected once it grows 15% past what survived the last full collection (V8 lets it
# grow up to four times when collecting is cheap), four malloc arenas (glibc otherwise keeps up to
# eight per core, one for each thread that allocated) that give freed memory back past 128 KiB
# (glibc otherwise raises that bar as the process frees large blocks). Under 50 concurrent heavy
# requests this holds peak RSS near 135-155 MiB instead of 210-250 MiB. The README says what each costs.
ENV MALLOC_ARENA_MAX=4 MALLOC_TRIM_THRESHOLD_=131072
CMD ["node", "--max-semi-space-size=16", "--heap-growing-percent=15", "dist/gateway/src/main.js"]
