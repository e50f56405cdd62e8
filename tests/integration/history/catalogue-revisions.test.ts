// Catalogue revisions (tests/integration/history/catalogue-revisions.ts) are read through the built
// portal in this process: React must load in production mode, as the built server's renderer
// expects, so the environment is set before anything imports it.
process.env.NODE_ENV = "production";
const { catalogueRevisionsTest } = await import("./catalogue-revisions");
catalogueRevisionsTest();
export {};
