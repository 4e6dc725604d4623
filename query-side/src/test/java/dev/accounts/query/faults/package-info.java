/**
 * Fault scenarios against the real processes on PostgreSQL (docs/RELIABILITY.md, "Faults"): what clients were
 * told ({@link dev.accounts.query.faults.Ledger}) checked against what the store holds
 * ({@link dev.accounts.query.faults.StoreAudit}), each scenario's counts written by
 * {@link dev.accounts.query.faults.FaultReport} for {@code bench/faults.sh}.
 */
package dev.accounts.query.faults;
