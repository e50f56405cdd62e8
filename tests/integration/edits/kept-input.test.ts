// Input kept across a timed-out session (tests/integration/edits/kept-input.ts) is posted to the
// built portal in this process: React must load in production mode, as the built server's
// renderer expects, so the environment is set before anything imports it.
process.env.NODE_ENV = "production";
const { keptInputTest } = await import("./kept-input");
keptInputTest();
export {};
