/**
 * Every page surface in one encapsulated scope: the link pages with the admin's and legal representative's pages,
 * the review console and the API Explorer. Cookies are parsed here only (the API and control calls carry none);
 * each surface frames its documents with the one shell (shell.ts) under its own header policy (policies.ts).
 */
import fastifyCookie from "@fastify/cookie";
import type { FastifyInstance } from "fastify";
import { ASSETS_PREFIX, serveAssets } from "./assets.ts";
import { registerAuthFileRoute } from "./auth-file-route.ts";
import { registerCoveragePage } from "./coverage/page.ts";
import { registerExplorerRoutes, type ExplorerOptions } from "./explorer/routes.ts";
import { registerReviewConsole } from "./review/routes.ts";
import { registerWebRoutes } from "./routes.ts";

export async function registerPages(app: FastifyInstance, options: ExplorerOptions): Promise<void> {
  await app.register(async (pages) => {
    await pages.register(fastifyCookie);
    await serveAssets(pages, ASSETS_PREFIX, new URL("./assets/", import.meta.url));
    // Each surface in a scope of its own: its schemas' refusals are its own 400 page.
    await pages.register(async (links) => registerWebRoutes(links, options.domain));
    await pages.register(async (review) => registerReviewConsole(review, options.domain));
    await pages.register(async (explorer) => registerExplorerRoutes(explorer, options));
    await pages.register(async (coverage) => registerCoveragePage(coverage, options.services));
    await pages.register(async (files) => registerAuthFileRoute(files, options.domain));
  });
}
