// Package model is tradebloc's general-equilibrium trade model: a
// multi-sector Armington/Eaton–Kortum model solved in changes (exact hat
// algebra, DESIGN §3) with tariffs and their revenue, iceberg trade-cost
// shocks, export subsidies, deficit closures and targets, elastic labour
// supply, scale economies, and monopolistic competition with profits and a
// fixed firm mass (Krugman/Ossa 2014, krugman.go).
//
// Use: Calibrate once per dataset and options (the Baseline is read-only and
// safe to share across goroutines), then Solve many Shocks, each with its own
// Workspace, optionally warm-started from an earlier Result.
//
// Conventions: i = exporter, j = importer, s = sector. Hatted variables are
// ratios new/old. Bilateral data use the layout (i*N+j)*S+s of package data.
package model
