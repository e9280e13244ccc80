# One image for every Duban process; the compose file picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
COPY config ./config
# The evidence files' directory (a volume in the compose file), owned by the user the processes run as.
RUN mkdir -p /var/lib/duban/files && chown node:node /var/lib/duban/files
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/main.js"]
