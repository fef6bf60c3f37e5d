# The portal as an image: `docker build -t thidua .` (docker-compose.yml uses it).
# Stage 1 installs every dependency (better-sqlite3 compiles here; postinstall generates both Prisma
# clients into src/generated), compiles src/ to dist/ with tsc, then drops the dev dependencies.
# Stage 2 runs the compiled build with plain node: no tsx, no compiler at run time.
FROM node:20-bookworm AS build
WORKDIR /app
ENV CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
# NODE_ENV is left to the deployment: unset, the templates are cached (only NODE_ENV=development
# re-reads them) and a demo may run; NODE_ENV=production also demands SESSION_SECRET and
# DEMO_MODE=false. A container listens on every interface of its own network; publishing the port
# (docker run -p, compose `ports`) is the decision to expose it.
ENV HOST=0.0.0.0 PORT=3000 CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# migrate deploy at start (scripts/prisma.cjs + prisma/ with the migrations), views and static files
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/prisma ./prisma
COPY views ./views
COPY public ./public
# SQLite database and uploads (when DATABASE_URL is not PostgreSQL): mount a volume here
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Migrate, seed the demo into an empty database when DEMO_MODE=true, then serve.
CMD ["node", "dist/cli/start.js"]
