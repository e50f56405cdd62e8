// Plan lineage (tests/integration/history/plan-lineage.ts) reads pages of the built portal in this
// process: React must load in production mode, as the built server's renderer expects, so the
// environment is set before anything imports it.
process.env.NODE_ENV = "production";
const { planLineageTest } = await import("./plan-lineage");
planLineageTest();
export {};
