import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Within each group of vitest.config.ts, the files that keep a core busy longest start first, so
 * the short ones fill the gaps at the end instead of one long file running alone: the forms'
 * hostile-input shards (second group) and the figures' property tests (first group), then the
 * browser files, then the rest. Within a class vitest's own order holds (by project, then files
 * that failed last time, files it has no timing of, and the longest or largest first).
 */
const CLASSES = [
  /\/tests\/integration\/security\/hostile-input\.shard-\d+\.test\.ts$/,
  /\/tests\/integration\/figures\//,
  /\/tests\/e2e\//,
];

const rank = (spec: TestSpecification) => {
  const index = CLASSES.findIndex((pattern) => pattern.test(spec.moduleId));
  return index === -1 ? CLASSES.length : index;
};

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted
      .map((spec, order) => ({ spec, order }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order)
      .map((x) => x.spec);
  }
}
