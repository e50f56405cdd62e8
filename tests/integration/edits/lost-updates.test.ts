// The lost-update count (tests/integration/edits/lost-updates.ts) posts to the built portal in
// this process: React must load in production mode, as the built server's renderer expects, so
// the environment is set before anything imports it (static imports would run first).
process.env.NODE_ENV = "production";
const { lostUpdatesTest } = await import("./lost-updates");
lostUpdatesTest();
export {};
