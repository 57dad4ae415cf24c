/**
 * The official-SDK conformance suites again, on PostgreSQL: every action answers there exactly as on SQLite.
 * (Each test file runs in its own process, so the switch below affects only this run.)
 */
process.env.ESSD_TEST_STORE = "postgres";
await import("./sdk-batch-registration.test.ts");
await import("./sdk-signing-modes.test.ts");
await import("./sdk-tenancy.test.ts");
