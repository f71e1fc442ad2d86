package data

import (
	"math"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzLoad feeds arbitrary bytes as trade.csv and countries.csv: loading
// must never panic, and a dataset that loads satisfies the invariants the
// model relies on.
func FuzzLoad(f *testing.F) {
	base := validFS()
	f.Add(base["trade.csv"].Data, base["countries.csv"].Data)
	f.Add([]byte("exporter,importer,value\nAAA,AAA,1e308\nAAA,BBB,1e308\n"), base["countries.csv"].Data)
	f.Add([]byte("value,exporter,importer,sector\n1,AAA,AAA,ALL\n"), []byte("code,name\nAAA,a\n"))
	f.Add([]byte("exporter,importer,value\n\"AAA\",AAA,\"1\n\"\n"), []byte("code,gdp,name,group\nAAA,5,x,\"G;H\"\n"))
	f.Add([]byte("exporter,importer,value\nAAA,BBB,1e308\nCCC,BBB,1e308\nAAA,AAA,1\nBBB,BBB,1\nCCC,CCC,1\n"), base["countries.csv"].Data)
	f.Fuzz(func(t *testing.T, trade, countries []byte) {
		fsys := fstest.MapFS{
			"countries.csv": {Data: countries},
			"trade.csv":     {Data: trade},
		}
		d, err := LoadFS(fsys, "")
		if err != nil {
			if d != nil {
				t.Fatal("dataset returned with an error")
			}
			return
		}
		if d.N() == 0 || d.S() == 0 || len(d.Trade) != d.N()*d.N()*d.S() || len(d.Tariffs) != len(d.Trade) {
			t.Fatalf("bad shape N=%d S=%d len=%d", d.N(), d.S(), len(d.Trade))
		}
		for _, x := range d.Trade {
			if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
				t.Fatalf("trade value %v", x)
			}
		}
		for i := range d.Countries {
			sales := d.Domestic(i) + d.Exports(i)
			if !(sales > 0) || math.IsInf(sales, 0) {
				t.Fatalf("country %s has sales %v", d.Countries[i].Code, sales)
			}
			if m := d.Domestic(i) + d.Imports(i); !(m >= 0) || math.IsInf(m, 0) {
				t.Fatalf("country %s has purchases %v", d.Countries[i].Code, m)
			}
		}
		if tot := d.ForeignTotal() + d.DomesticTotal(); !(tot > 0) || math.IsInf(tot, 0) {
			t.Fatalf("world total %v", tot)
		}
	})
}

// FuzzParseMeta feeds arbitrary bytes as dataset.yaml: parsing never
// panics, an error names the file, and what parses survives being written
// and read again.
func FuzzParseMeta(f *testing.F) {
	f.Add([]byte("name: x\nversion: 4\nyear: 2023\nunit: USD million\nus_record_in_baseline: \"2025-01-01\"\n"))
	f.Add([]byte("coverage: goods and services\nsources: [a, b]\nlicence: l\n"))
	f.Add([]byte("us_record_in_baseline: [2025-01-01]\n"))
	f.Add([]byte("name: [x\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseMeta(b)
		if err != nil {
			if !strings.Contains(err.Error(), metaFile) {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		d := &Dataset{Name: m.Name, Version: m.Version, Year: m.Year, Unit: m.Unit, Description: m.Description,
			Sources: m.Sources, Licence: m.Licence, Coverage: m.Coverage, USRecordInBaseline: m.USRecordInBaseline}
		out, err := encodeMeta(d)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		m2, err := parseMeta(out)
		if err != nil {
			t.Fatalf("re-read: %v\n%s", err, out)
		}
		if m2.Name != m.Name || m2.Version != m.Version || m2.Year != m.Year || m2.Unit != m.Unit ||
			m2.Coverage != m.Coverage || m2.USRecordInBaseline != m.USRecordInBaseline || m2.Description != m.Description {
			t.Fatalf("round trip: %+v → %+v", m, m2)
		}
	})
}
