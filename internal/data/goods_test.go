package data

import (
	"slices"
	"testing"
)

// TestGoodsSectors: the mask leaves out the services sector wherever it
// stands, and only on a world with several sectors; a world without one
// (WIOD's codes, a one-sector world named SERV) is all goods.
func TestGoodsSectors(t *testing.T) {
	for _, c := range []struct {
		name    string
		sectors []string
		want    []bool
	}{
		{"services last", []string{"C01", "C24A", ServicesSector}, []bool{true, true, false}},
		{"services first", []string{ServicesSector, "C01", "C24A"}, []bool{false, true, true}},
		{"services between", []string{"C01", ServicesSector, "C24A"}, []bool{true, false, true}},
		{"no services sector", []string{"W01", "W02", "W16"}, []bool{true, true, true}},
		{"one sector named SERV", []string{ServicesSector}, []bool{true}},
		{"one sector", []string{"ALL"}, []bool{true}},
	} {
		d := &Dataset{}
		for _, code := range c.sectors {
			d.Sectors = append(d.Sectors, Sector{Code: code})
		}
		if got := d.GoodsSectors(); !slices.Equal(got, c.want) {
			t.Errorf("%s: GoodsSectors() = %v, want %v", c.name, got, c.want)
		}
	}
}
