import { afterAll, afterEach, expect } from "vitest";
import { secretsIn, serverOutputSoFar, takePageProblems, takePostedSecrets } from "./page-watch";

/**
 * Runs around every end-to-end test file (vitest.config.ts, setupFiles), so no test can skip it:
 * - after each test, no CSP violation or page error in any browser context the test opened
 *   (contexts opened in beforeAll are checked after the first test, and again after the file);
 * - after the file, none of the passwords and codes its browsers posted in the server's output.
 */
afterEach(() => {
  expect(takePageProblems(), "CSP violations or page errors in the browser").toEqual([]);
});

afterAll(async () => {
  expect(takePageProblems(), "CSP violations or page errors in the browser (after the last test)").toEqual([]);
  const secrets = takePostedSecrets();
  if (secrets.length === 0) return;
  const log = await serverOutputSoFar();
  expect(secretsIn(log, secrets), "passwords or codes posted by the browser, found in the server's output").toEqual([]);
});
