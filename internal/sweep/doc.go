// Package sweep runs a scenario across the model's uncertain parameters —
// a θ grid or seeded draws from the parameters' priors, the dataset's
// elasticity sets, the deficit closures — and reports each output's band
// (p10/p50/p90 and the extremes) and, for a coalition scenario, the share
// of points at which each coalition is stable (tradebloc sweep). The points
// are units on an executor, so a sweep runs on one machine's cores or on
// NATS workers alike. Bands is the small default sweep behind the bands
// `solve` prints.
package sweep
