// Package scenario reads tradebloc scenario files (DESIGN §4) and turns them
// into model inputs.
//
// A scenario is parsed strictly — unknown keys, wrong types, duplicate keys
// and out-of-range values are errors that name the file, line, column and key
// path (e.g. `shocks[2].tariff.rate`) — because a silently ignored typo in a
// policy experiment gives a plausible but wrong answer. Parsing needs no
// dataset; Compile then resolves country codes, groups and "*" against one,
// applies the shocks in order to the baseline tariffs and returns
// model.Options and model.Shocks.
//
// The split matters for speed: a Scenario holds everything read from disk
// (including the rows of any CSV files it names), so Compile does no I/O and
// can run thousands of times in a coalition game.
//
// Conventions: i = exporter, j = importer, s = sector; bilateral slices use
// the layout (i*N+j)*S+s of package data. Tariff rates are decimals
// (0.25 = 25%); the percent rates of US schedules are converted on use.
package scenario
