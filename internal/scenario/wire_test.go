package scenario

import (
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// TestWireRoundTrip: a scenario sent to a worker is the scenario parsed
// here, key for key (paths aside), and compiles to the same shocks bit for
// bit — built-ins, and a file naming CSV tables that the worker cannot read.
func TestWireRoundTrip(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"s.yaml": `name: files
model: {trade_elasticity: {AGR: 3.3, MAN: 7.1}, deficits: ratio, labor_supply_elasticity: 0.5}
shocks:
  - tariff: {importer: USA, file: rates.csv}
  - trade_cost: {file: costs.csv}
  - tariff: {importer: [DEU, FRA], exporter: CHN, add: 0.1234567890123}
`,
		"rates.csv": "exporter,rate,sector\nCHN,0.3,MAN\nJPN,0.1,\n",
		"costs.csv": "exporter,importer,partial_effect\nMEX,CAN,0.47\n",
	})
	fromFile, err := Load(filepath.Join(dir, "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []*Scenario{fromFile}
	for _, sc := range Builtins() {
		if sc.DataDir() == "" { // built-ins run on the embedded data
			cases = append(cases, sc)
		}
	}
	for _, sc := range cases {
		t.Run(sc.Name, func(t *testing.T) {
			b, err := sc.Wire()
			if err != nil {
				t.Fatal(err)
			}
			got, err := FromWire(b)
			if err != nil {
				t.Fatal(err)
			}
			want := *sc
			want.File, want.Dir, want.Data = "", "", ""
			if !reflect.DeepEqual(got, &want) {
				t.Fatalf("round trip changed the scenario:\n got %+v\nwant %+v", got, &want)
			}
			if sc.Name != "files" {
				return
			}
			ds := smallDataset()
			a, err := Compile(sc, ds)
			if err != nil {
				t.Fatal(err)
			}
			c, err := Compile(got, ds)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(a.Shocks.Tariff, c.Shocks.Tariff) || !slices.Equal(a.Shocks.Cost, c.Shocks.Cost) {
				t.Error("the decoded scenario compiles to other shocks")
			}
		})
	}
}

func TestFromWireRefusesGarbage(t *testing.T) {
	asInvalid(t, func() error { _, err := FromWire([]byte("shocks: [")); return err }())
}
