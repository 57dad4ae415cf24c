/**
 * The human steps on PostgreSQL: the whole lifecycle through the control API and the SDK, the admin's pages and
 * the review console answer there exactly as on SQLite. (Each test file runs in its own process, so the switch
 * below affects only this run.)
 */
process.env.ESSD_TEST_STORE = "postgres";
await import("../src/web/control/lifecycle.test.ts");
await import("../src/web/admin/authorization.test.ts");
await import("../src/web/admin/identity.test.ts");
await import("../src/web/review/routes.test.ts");
await import("../src/web/control/fault-enterprise.test.ts");
