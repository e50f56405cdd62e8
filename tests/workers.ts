/**
 * How many test files run at once (vitest.config.ts), on the 2-core machines the suite must fit.
 *
 * The unit and integration files run first, two at a time. Alone, that group finishes sooner four
 * at a time (83 s against 95 s here: some files wait for an SMTP server, a child process or the
 * development server), but within npm test it was not faster (the figures reconciliation, the
 * group's longest file, then took 87 s instead of 39). UNIT_WORKERS overrides it.
 */
export const UNIT_WORKERS = Number(process.env.UNIT_WORKERS ?? 2);

/**
 * Then the browser files and the forms' hostile-input files, this many at a time. A browser file
 * waits for the browser about half of the time; the two hostile-input files (CPU-bound, at the
 * lowest priority) take what CPU the browser files leave.
 */
export const BROWSER_GROUP_WORKERS = 5;

/**
 * Any of those slots can hold a browser file, so the e2e global set-up starts as many portal
 * servers (tests/e2e/global-setup.ts): each running browser file has a server and a database of
 * its own, and no file sees what another is changing at the same moment.
 */
export const E2E_SERVERS = BROWSER_GROUP_WORKERS;
