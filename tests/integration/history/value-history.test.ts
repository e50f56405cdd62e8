// The values' history (tests/integration/history/value-history.ts) is read and written through the
// built portal in this process: React must load in production mode, as the built server's renderer
// expects, so the environment is set before anything imports it.
process.env.NODE_ENV = "production";
const { valueHistoryTest } = await import("./value-history");
valueHistoryTest();
export {};
