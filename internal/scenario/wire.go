package scenario

import (
	"encoding/json"
	"fmt"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// Wire encodes a parsed scenario for another process (a worker of a
// distributed run): every key as parsed, with the rows of the CSV files it
// names inlined, so the receiver reads no file. The paths it came from
// (File, Dir, Data) stay behind: the dataset travels by name and hash, not
// by path. Floats round-trip exactly (encoding/json writes the shortest
// representation that parses back to the same bits).
func (sc *Scenario) Wire() ([]byte, error) {
	c := *sc
	c.File, c.Dir, c.Data = "", "", ""
	b, err := json.Marshal(&c)
	if err != nil {
		return nil, &errs.Error{Op: "encode scenario", Kind: errs.Other, Err: err}
	}
	return b, nil
}

// FromWire decodes a scenario encoded by Wire.
func FromWire(b []byte) (*Scenario, error) {
	var sc Scenario
	if err := json.Unmarshal(b, &sc); err != nil {
		return nil, &errs.Error{Op: "decode scenario", Kind: errs.Invalid, Err: fmt.Errorf("not a scenario sent by Scenario.Wire: %w", err)}
	}
	return &sc, nil
}
