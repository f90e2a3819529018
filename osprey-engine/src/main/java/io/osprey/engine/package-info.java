/**
 * The worker: one thread's pipeline from packet source to logs ({@link io.osprey.engine.Worker},
 * {@link io.osprey.engine.Analysis}). A worker owns its decoder, connection table, timers and log records; several
 * workers fed by one reader (flow-hash sharded) is the parallel design, which needs no change here. See DESIGN.md.
 */
package io.osprey.engine;
