//go:build !race

package coalition

// raceEnabled: see race_on_test.go.
const raceEnabled = false
