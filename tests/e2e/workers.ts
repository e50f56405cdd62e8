/** The unit and integration files run first, two at a time on these 2-core machines. */
export const UNIT_WORKERS = 2;

/**
 * Then the browser files and the forms' hostile-input files, this many at a time
 * (vitest.config.ts). A browser file waits for the browser about half of the time; the two
 * hostile-input files (CPU-bound, at the lowest priority) take what CPU the browser files leave.
 * Any of these slots can hold a browser file, so the e2e global set-up starts as many portal
 * servers (tests/e2e/global-setup.ts): each running browser file has a server and a database of
 * its own, and no file sees what another is changing at the same moment.
 */
export const BROWSER_GROUP_WORKERS = 5;
export const E2E_WORKERS = BROWSER_GROUP_WORKERS;
