# Parley: one image serving the API, socket.io and the built web app, as compiled JavaScript.
# Stage 1 builds the React app and compiles the server (npm run build); stage 2 holds production
# dependencies only, runs as the unprivileged `node` user and checks its own health with node's fetch.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contract/package.json packages/contract/
COPY packages/faq-content/package.json packages/faq-content/
COPY packages/embed/package.json packages/embed/
COPY packages/widget/package.json packages/widget/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
RUN npm ci --no-fund --no-audit
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/contract/package.json packages/contract/
COPY packages/faq-content/package.json packages/faq-content/
COPY packages/embed/package.json packages/embed/
COPY packages/widget/package.json packages/widget/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
# The backend's production dependencies only: no compilers, test tools or the React toolchain. The
# workspace packages it uses are compiled into backend/dist/node_modules/@parley (npm run build:server).
RUN npm ci --omit=dev --workspace backend --no-fund --no-audit && npm cache clean --force
COPY --from=build /app/backend/dist backend/dist
COPY --from=build /app/frontend/dist frontend/dist
COPY --from=build /app/packages/embed/dist packages/embed/dist
COPY --from=build /app/packages/widget/dist packages/widget/dist
# The embedded database (used when DATABASE_URL is unset) and the attachments (unless S3_BUCKET is set)
# live here: a volume, so a rebuilt container keeps them. Everything else stays root-owned.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=40", "backend/dist/backend/src/main.js"]
