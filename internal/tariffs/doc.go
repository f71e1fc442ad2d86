// Package tariffs holds the 2025–26 US tariff record and what is computed
// from it: the USTR "reciprocal tariff" formula of 2 April 2025, the named,
// dated schedules that scenarios apply to US imports, and the timeline of the
// actions behind them.
//
// Conventions: rates are in percent (10 = 10%), trade values in USD million
// (Census 2024, goods). Partners are ISO3 codes; "EUU" is the European Union
// as one partner, which Schedule.Expand turns into its 27 members. A rate's
// Mode says how it combines with the baseline US tariff t0 on that partner:
// Additional (t' = t0 + rate) or AllIn (t' = max(t0, rate), the "15% all-in"
// floors of the EU, Japan, Switzerland and Korea deals).
//
// The sectoral record gives the whole regime by partner, ICIO sector and
// legal authority (Section 232, IEEPA reciprocal and other, Section 122,
// Section 301) on any date from 2025-01-01 (EffectiveOn): the compiled
// effective-rate table on its five dates, and between and after them the
// dated measures' rates applied to its coverage shares and weights (method:
// record/README.md). FullTimeline lists every dated action, country-level
// and sectoral.
//
// The record under record/ is generated from shared/data/compiled by
// package recordgen (go generate); a test checks it is byte-identical.
// Figures derived from effective.csv carry the CC BY-NC 4.0 condition of
// one of its inputs (Licence).
package tariffs

//go:generate go run ./recordgen/cmd -compiled ../../../shared/data/compiled -out record
