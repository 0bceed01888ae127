import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * A Vitest sequencer that orders files by `rank` (lower first), each file ranked once. The sort
 * is stable, so files of equal rank keep Vitest's own order.
 */
export function rankedSequencer(rank: (file: TestSpecification) => number): typeof BaseSequencer {
  return class RankedSequencer extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const ordered = await super.sort(files);
      const ranks = new Map(ordered.map((file) => [file, rank(file)]));
      return ordered.sort((a, b) => (ranks.get(a) ?? 0) - (ranks.get(b) ?? 0));
    }
  };
}
