package data

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tradebloc/tradebloc/internal/errs"
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
	f.Add([]byte("tariff_fallback: {pct: 3.66, method: m, note: n, importers: [AAA, BBB]}\n"))
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
		if tf := m.TariffFallback; tf != nil {
			d.TariffFallback = TariffFallback{Pct: tf.Pct, Method: tf.Method, Note: tf.Note, Importers: tf.Importers}
		}
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
		if a, b := m.TariffFallback, m2.TariffFallback; (a == nil) != (b == nil) ||
			a != nil && (a.Pct != b.Pct || a.Method != b.Method || a.Note != b.Note || !slices.Equal(a.Importers, b.Importers)) {
			t.Fatalf("tariff_fallback round trip: %+v → %+v\n%s", a, b, out)
		}
	})
}

// fullFS is a valid dataset with every optional file: two sectors, tariffs,
// input–output shares, elasticity sets, an aggregate unit (CCC for ETH and
// KEN), macro and current-account rows. FuzzLoadFile replaces one file.
func fullFS() fstest.MapFS {
	return fstest.MapFS{
		"countries.csv": {Data: []byte("code,name,gdp,group\nAAA,A,1000,BLOC\nBBB,B,600,BLOC;X\nCCC,C,400,\n")},
		"sectors.csv":   {Data: []byte("code,name,trade_elasticity\nGDS,Goods,4\nSRV,Services,\n")},
		"trade.csv": {Data: []byte("exporter,importer,value,sector\nAAA,AAA,500,GDS\nAAA,BBB,100,GDS\nBBB,AAA,80,GDS\nBBB,BBB,400,GDS\n" +
			"CCC,CCC,300,GDS\nCCC,AAA,20,GDS\nAAA,CCC,30,GDS\nAAA,AAA,900,SRV\nBBB,BBB,700,SRV\nCCC,CCC,100,SRV\n")},
		"tariffs.csv":         {Data: []byte("importer,exporter,rate,sector\nAAA,BBB,0.05,GDS\nBBB,AAA,10%,GDS\nAAA,CCC,0.2,GDS\n")},
		"value_added.csv":     {Data: []byte("country,sector,share\n*,GDS,0.4\n*,SRV,0.7\nBBB,GDS,0.5\n")},
		"io.csv":              {Data: []byte("country,sector,input_sector,share\n*,GDS,GDS,0.4\n*,GDS,SRV,0.2\n*,SRV,GDS,0.1\n*,SRV,SRV,0.2\nBBB,GDS,GDS,0.3\nBBB,GDS,SRV,0.2\n")},
		"elasticities.csv":    {Data: []byte("set,sector,theta\nCP,GDS,5\nCP,SRV,8.22\nU4,GDS,4\nU4,SRV,4\n")},
		"members.csv":         {Data: []byte("unit,member\nCCC,ETH\nCCC,KEN\n")},
		"macro.csv":           {Data: []byte("code,name,ca_pct_gdp_2023,ca_pct_gdp_2024,goods_balance_bop_usd_bn_2023\nAAA,A,1.5,,-2\nETH,Ethiopia,-3,-2.5,\nTWN,Taiwan,14,15.7,80.56\n")},
		"current_account.csv": {Data: []byte("code,year,ca_pct_gdp,is_projection\nAAA,2023,1.5,false\nAAA,2024,1.2,TRUE\nLIE,2023,5,\n")},
		"dataset.yaml":        {Data: []byte("name: full\nyear: 2023\nunit: USD billion\ncoverage: goods and services\n")},
	}
}

// fuzzFiles are the files FuzzLoadFile's selector picks from.
var fuzzFiles = []string{tariffsFile, sectorsFile, elasticitiesFile, membersFile, macroFile, currentAccountFile,
	valueAddedFile, ioFile, metaFile, countriesFile, tradeFile}

// FuzzLoadFile replaces one file of fullFS (file % len(fuzzFiles)) with
// arbitrary bytes: loading never panics; an error is bad input with a
// message of bounded length, and no dataset; a dataset that loads keeps
// the bounds the loader promises and survives Encode and Load unchanged.
func FuzzLoadFile(f *testing.F) {
	base := fullFS()
	if _, err := LoadFS(base, ""); err != nil {
		f.Fatalf("fullFS does not load: %v", err)
	}
	for k, name := range fuzzFiles {
		f.Add(uint8(k), base[name].Data)
	}
	f.Add(uint8(0), []byte("importer,exporter,rate_pct,sector\nAAA,BBB,145,GDS\nBBB,AAA,1e400,GDS\n"))
	f.Add(uint8(1), []byte("code,name,trade_elasticity\nGDS,Goods,1e-300\nSRV,S,100\n"))
	f.Add(uint8(2), []byte("set,sector,theta\nA,GDS,0.1\nA,SRV,100\n"))
	f.Add(uint8(3), []byte("unit,member\nCCC,AAA\nccc,ETH\n"))
	f.Add(uint8(4), []byte("code\nZZZ\nEUU\n"))
	f.Add(uint8(5), []byte("code,year,ca_pct_gdp\nAAA,-2020,1\n"))
	f.Add(uint8(6), []byte("country,sector,share\n*,GDS,0\n*,SRV,1\n"))
	f.Add(uint8(8), []byte("name: x\n---\nname: y\n"))
	f.Fuzz(func(t *testing.T, file uint8, content []byte) {
		fsys := fullFS()
		name := fuzzFiles[int(file)%len(fuzzFiles)]
		fsys[name] = &fstest.MapFile{Data: content}
		d, err := LoadFS(fsys, "")
		if err != nil {
			var e *errs.Error
			if d != nil || !errors.As(err, &e) || e.Kind != errs.Invalid {
				t.Fatalf("error %v (dataset %v): want bad input and no dataset", err, d != nil)
			}
			if len(err.Error()) > 1000 {
				t.Fatalf("message of %d bytes: %.200s…", len(err.Error()), err)
			}
			return
		}
		for _, s := range d.Sectors {
			if s.Theta != 0 && (s.Theta < MinTheta || s.Theta > MaxTheta) {
				t.Fatalf("sector %s θ %v", s.Code, s.Theta)
			}
		}
		for _, set := range d.Elasticities {
			for _, th := range set {
				if th < MinTheta || th > MaxTheta {
					t.Fatalf("elasticity %v", th)
				}
			}
		}
		for _, x := range d.Tariffs {
			if !(x > -1) || math.IsInf(x, 0) {
				t.Fatalf("tariff %v", x)
			}
		}
		for _, b := range d.VA {
			if !(b > 0 && b <= 1) {
				t.Fatalf("value-added share %v", b)
			}
		}
		if d.Year != 0 && (d.Year < MinYear || d.Year > MaxYear) {
			t.Fatalf("year %d", d.Year)
		}
		for _, o := range d.CurrentAccount {
			if o.Year < MinYear || o.Year > MaxYear || math.IsNaN(o.PctGDP) || math.IsInf(o.PctGDP, 0) {
				t.Fatalf("current account %+v", o)
			}
		}
		files, err := Encode(d)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		back := fstest.MapFS{}
		for n, b := range files {
			back[n] = &fstest.MapFile{Data: b}
		}
		d2, err := LoadFS(back, "")
		if err != nil {
			t.Fatalf("a loaded dataset does not load again after Encode: %v", err)
		}
		if d2.Hash() != d.Hash() {
			t.Fatal("hash changed in Encode and Load")
		}
	})
}
