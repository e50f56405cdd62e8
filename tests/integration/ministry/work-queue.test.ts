// The ministry's home as a work queue (issue #23), read from the built portal's HTML in this
// process: React must load in production mode, as the built server's renderer expects, so the
// environment is set before anything imports it (static imports would run first).
process.env.NODE_ENV = "production";
const { workQueueTest } = await import("./work-queue");
workQueueTest();
export {};
