//go:build race

package coalition

// raceEnabled is set when the tests run under the race detector, which
// makes the icio-2022 games several times slower than CI's time limit
// allows; they run in the ordinary test run.
const raceEnabled = true
