/**
 * How many browser files run at once (vitest.config.ts), and so how many portal servers the e2e
 * global set-up starts (tests/e2e/global-setup.ts): each running browser file has a server and a
 * database of its own, so no file sees what another is changing at the same moment. A browser
 * file waits for the browser about half of the time, so on these 2-core machines three files
 * share the cores well.
 */
export const E2E_WORKERS = 3;

/** The unit and integration files, after which the browser files run: two CPU-bound at a time. */
export const UNIT_WORKERS = 2;
