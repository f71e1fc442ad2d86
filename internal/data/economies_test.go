package data_test

import (
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// TestKnownEconomy: every economy the US tariff record names by a
// three-letter code, and every code of the embedded worlds' macro and
// current-account tables, is known; made-up codes are not.
func TestKnownEconomy(t *testing.T) {
	var codes []string
	for _, p := range tariffs.Partners() {
		codes = append(codes, p.Code)
	}
	for _, c := range tariffs.Census() {
		codes = append(codes, c.Code)
	}
	for _, name := range []string{data.DefaultName, data.ICIOName} {
		d, _, err := data.Embedded(name)
		if err != nil {
			t.Fatal(err)
		}
		for code := range d.Macro {
			codes = append(codes, code)
		}
		for _, o := range d.CurrentAccount {
			codes = append(codes, o.Code)
		}
	}
	if len(codes) < 400 {
		t.Fatalf("only %d codes to check", len(codes))
	}
	for _, c := range codes {
		if len(c) == 3 && !data.KnownEconomy(c) {
			t.Errorf("%s is not a known economy", c)
		}
	}
	for _, c := range []string{"ZZZ", "AAA", "usa", "EU27", "ROW", ""} {
		if data.KnownEconomy(c) {
			t.Errorf("%q is a known economy", c)
		}
	}
}
