// Package coalition plays the coalition game of the seed essay on the trade
// model: a leader (the US) offers relief to partners that join it in
// tariffing persistent-surplus targets (China) and threatens the rest.
//
// Every membership configuration of K candidates is solved once (2^K solves,
// warm-started along a Gray-code path from a linearized neighbour, on all
// cores); payoffs are the model's welfare changes. On the payoff table the
// package finds the internally and externally stable coalitions
// (d'Aspremont et al. 1983), tests them against group deviations (Nordhaus
// 2015's coalition Nash test), traces the sequential accession path, finds
// the smallest threat that compels each candidate (bisection), plays the
// counter-coalition game for small K, and measures the four lessons of
// history: unity, leverage, integration and a counter-bloc's absorption.
//
// The stability logic (stability.go) works on any payoff table, so payoffs
// from another model (GTAP) can be brought in as CSV.
package coalition
