package data

import (
	"math"
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
