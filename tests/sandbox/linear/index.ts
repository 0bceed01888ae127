/** The fake Linear API: handler + state for any server, and a ready HTTP server for unit tests. */
export * from './seed';
export { createFakeLinear, startFakeLinear, FaultQueue } from './server';
export type {
  FakeLinear,
  FakeLinearOptions,
  FakeLinearState,
  Fault,
  RecordedRequest,
  RunningFakeLinear,
  Violation,
  ViolationKind,
} from './server';
export { LINEAR_DEFAULT_FIRST, LINEAR_MAX_FIRST } from './resolvers';
