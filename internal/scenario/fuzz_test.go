package scenario

import (
	"testing"
)

// FuzzParse feeds arbitrary bytes to the parser (and, through `file:` keys,
// to the CSV readers) and compiles whatever parses: neither may panic, and
// every failure must be an Invalid *errs.Error.
func FuzzParse(f *testing.F) {
	f.Add([]byte(fullYAML))
	f.Add([]byte("exporter,rate,sector\nCHN,0.5,MAN\n"))
	f.Add([]byte(`{"shocks": [{"tariff": {"importer": "USA", "exporter": "*", "rate": 0.1}}]}`))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("model: {trade_elasticity: {AGR: 1, MAN: .inf}}\n"))
	f.Add([]byte("shocks:\n  - rebalance: {country: CHN, change_pct_gdp: -2, counterpart: [USA, EU27]}\n  - export_subsidy: {exporter: CHN, remove: 0.1, sector: MAN}\n  - capital_flow_measure: {leader: USA, cut_pct_gdp: 1, recyclers: surplus}\n"))
	for _, n := range BuiltinNames() {
		b, _ := BuiltinSource(n)
		f.Add(b)
	}
	ds := smallDataset()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := &parser{file: "fuzz.yaml", readFile: func(string) ([]byte, error) { return b, nil }}
		sc, err := p.parse(b)
		if err != nil {
			asInvalid(t, err)
			return
		}
		if _, err := Compile(sc, ds); err != nil {
			asInvalid(t, err)
		}
	})
}
