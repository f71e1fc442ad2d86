package build

import (
	"fmt"
	"slices"
)

// miscoded are BACI flows booked under the wrong partner: the reporter's
// flows with Wrong are moved to Right (added to what BACI has there). The
// generator stops if BACI no longer records both flows with Wrong, so a
// corrected extract is not altered.
var miscoded = []struct {
	Reporter, Wrong, Right, Reason string
}{
	{"KAZ", "GMB", "GEO", "Gambia (GMB, UN code 270) in Kazakhstan's reports is Georgia (GEO, 268): GMB→KAZ 2,907.7 is 125% of Gambia's GDP and " +
		"92% of its BACI exports, KAZ→GMB 671.5 is 16% of its imports, while BACI's GEO→KAZ, 70.7, is a tenth of Georgia's own figure for 2023 " +
		"(Geostat: 703 mn, four fifths re-exported cars)"},
}

// Recode is one moved flow (step 1).
type Recode struct {
	From, To [2]string // exporter, importer
	Value    float64   // USD million moved
	Before   float64   // what BACI had on To, USD million
}

// recodeFlows applies miscoded to the BACI flows and returns the new list
// (in the same order, a moved flow merged into its new pair, or put in its
// place when BACI has no such pair) and what was moved.
func recodeFlows(flows []flow) ([]flow, []Recode, error) {
	out := slices.Clone(flows)
	var moved []Recode
	for _, mc := range miscoded {
		for _, dir := range [][2][2]string{
			{{mc.Wrong, mc.Reporter}, {mc.Right, mc.Reporter}},
			{{mc.Reporter, mc.Wrong}, {mc.Reporter, mc.Right}},
		} {
			from, to := dir[0], dir[1]
			k := slices.IndexFunc(out, func(f flow) bool { return f.exporter == from[0] && f.importer == from[1] })
			if k < 0 || !(out[k].value > 0) {
				return nil, nil, fmt.Errorf("build: BACI no longer records %s→%s: the mis-coded partner has changed, revisit build.miscoded", from[0], from[1])
			}
			r := Recode{From: from, To: to, Value: out[k].value}
			if t := slices.IndexFunc(out, func(f flow) bool { return f.exporter == to[0] && f.importer == to[1] }); t >= 0 {
				r.Before = out[t].value
				out[t].value += r.Value
				out = slices.Delete(out, k, k+1)
			} else {
				out[k] = flow{exporter: to[0], importer: to[1], value: r.Value}
			}
			moved = append(moved, r)
		}
	}
	return out, moved, nil
}
