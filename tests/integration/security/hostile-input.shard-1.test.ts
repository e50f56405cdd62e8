// Part 1 of the forms' hostile-input test (tests/integration/security/hostile-input.ts). React
// must load in production mode, as the built server's renderer expects: so the environment is set
// before anything imports it (static imports would run first).
process.env.NODE_ENV = "production";
const { hostileInputShard } = await import("./hostile-input");
hostileInputShard(0);
export {};
