# One image for the whole platform: the three subgraphs, the gateway and the migration script.
# The container's command picks what runs (see docker-compose.yml), for example
#   node services/membership/dist/main.js | node gateway/dist/main.js | node scripts/migrate.mjs | node scripts/seed.mjs
#
# Node 24 is the active LTS line (supported until April 2028); Node 20 reached its end of life in April 2026.

ARG NODE_IMAGE=node:24-bookworm-slim

# --- pnpm and the package store, filled from the lockfile alone (cached until the lockfile changes)
FROM ${NODE_IMAGE} AS pnpm-store
ENV CI=true
RUN npm install -g pnpm@12.21.0 && npm cache clean --force
WORKDIR /app
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch

# --- build: every dependency, then tsc -b over the workspace
FROM pnpm-store AS build
COPY . .
RUN pnpm install --offline --frozen-lockfile
RUN pnpm build
# What runs: manifests (for pnpm and Node's resolution of @funds/*), compiled code, the dashboard's
# built files (apps/dashboard/dist, served by the gateway), the committed supergraph, the console's
# example operations (read from gateway/src/console/examples), the migration script and the demo
# loader. No TypeScript sources, tests or build info.
RUN set -eu; \
    mkdir -p /runtime; \
    cp package.json pnpm-lock.yaml pnpm-workspace.yaml /runtime/; \
    for dir in packages/* services/* gateway schema apps/*; do \
      mkdir -p "/runtime/$dir"; \
      cp "$dir/package.json" "/runtime/$dir/"; \
      if [ -d "$dir/dist" ]; then cp -R "$dir/dist" "/runtime/$dir/"; fi; \
    done; \
    cp schema/supergraph.graphql /runtime/schema/; \
    mkdir -p /runtime/gateway/src/console /runtime/scripts/lib; \
    cp -R gateway/src/console/examples /runtime/gateway/src/console/; \
    cp scripts/migrate.mjs scripts/seed.mjs /runtime/scripts/; \
    cp scripts/lib/services.mjs /runtime/scripts/lib/; \
    find /runtime -name '*.tsbuildinfo' -delete

# --- production dependencies only, installed into the runtime tree from the fetched store
FROM pnpm-store AS prod-deps
COPY --from=build /runtime/ /runtime/
WORKDIR /runtime
RUN pnpm install --offline --frozen-lockfile --prod

# --- the image that runs
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=prod-deps /runtime/ /app/
USER node
# Subgraphs listen on 4001-4003, the gateway on 4000 (PORT overrides; HOST=0.0.0.0 in containers).
EXPOSE 4000 4001 4002 4003
CMD ["node", "gateway/dist/main.js"]
