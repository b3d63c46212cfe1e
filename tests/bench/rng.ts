// The benchmarks draw their fictitious rows from the demo's seeded generator.
export { Random as Rng } from '../../main/services/random';
