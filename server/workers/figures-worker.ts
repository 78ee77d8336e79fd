// The figures worker's entry point (piscina, server/workers/pool.ts): the second thread of a cohort pass
// (server/figures/cohort-ranges.ts). Kept apart from the upload workers (worker.ts): it loads no parser, and
// a pass never queues behind a file being read.
import { helpWithRanges, type PassInput, type PassPart } from '../figures/cohort-ranges.ts';

export default function run(input: PassInput): PassPart | null {
  return helpWithRanges(input);
}
