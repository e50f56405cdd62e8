import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that keep a core busy longest start first, so the short ones fill the gaps at the end
 * instead of one long file running alone: the forms' hostile-input shards and the figures'
 * property tests (CPU-bound), then the browser files (which wait for the browser about half of
 * the time), then the rest. Within a class vitest's own order holds (the longest first when it
 * has timings of an earlier run, otherwise the largest file first).
 */
const CLASSES = [/\/tests\/integration\/security\/hostile-input\.shard-\d+\.test\.ts$/, /\/tests\/integration\/figures\//, /\/tests\/e2e\//];

const rank = (spec: TestSpecification) => {
  const index = CLASSES.findIndex((pattern) => pattern.test(spec.moduleId));
  return index === -1 ? CLASSES.length : index;
};

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted.map((spec, order) => ({ spec, order })).sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order).map((x) => x.spec);
  }
}
