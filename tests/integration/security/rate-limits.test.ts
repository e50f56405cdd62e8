// Rate limits on every way in (issue #25), through the built portal's request handler in this
// process: React must load in production mode, as the built server's renderer expects, so the
// environment is set before anything imports it (static imports would run first).
process.env.NODE_ENV = "production";
const { rateLimitsTest } = await import("./rate-limits");
rateLimitsTest();
export {};
