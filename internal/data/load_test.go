package data

import (
	"errors"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// validFS is a small valid dataset that each error case breaks in one place.
func validFS() fstest.MapFS {
	return fstest.MapFS{
		"countries.csv": {Data: []byte("code,name,gdp,group\nAAA,A,1000,BLOC\nBBB,B,600,BLOC;X\nCCC,C,400,\n")},
		"trade.csv": {Data: []byte("exporter,importer,value\nAAA,AAA,800\nAAA,BBB,120\nAAA,CCC,80\n" +
			"BBB,AAA,100\nBBB,BBB,450\nCCC,AAA,90\n")},
	}
}

func TestLoadExample(t *testing.T) {
	d, err := Load("testdata/example")
	if err != nil {
		t.Fatal(err)
	}
	if d.N() != 3 || d.S() != 1 || d.Name != "example" || d.Unit != "USD billion" || d.Year != 2023 {
		t.Fatalf("got N=%d S=%d name=%q unit=%q year=%d", d.N(), d.S(), d.Name, d.Unit, d.Year)
	}
	c, _ := d.Index("CCC")
	if got := d.Trade[d.At(c, c, 0)]; got != 270 {
		t.Errorf("derived domestic sales of CCC = %v, want 400 − 130 = 270", got)
	}
	a, _ := d.Index("AAA")
	if got := d.Tariffs[d.At(a, c, 0)]; got != 0.05 {
		t.Errorf("tariff of CCC on AAA = %v, want 0.05", got)
	}
	if got := d.Groups["G2"]; len(got) != 2 || got[0] != "AAA" || got[1] != "CCC" {
		t.Errorf("group G2 = %v, want [AAA CCC]", got)
	}
}

func TestLoadErrors(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string // replaced files ("" deletes)
		want  []string          // substrings of the message
	}{
		{"negative value line 7", map[string]string{"trade.csv": "exporter,importer,value\nAAA,AAA,800\nAAA,BBB,120\nAAA,CCC,80\nBBB,AAA,100\nBBB,BBB,450\nCCC,AAA,-90\n"},
			[]string{"trade.csv:7", `"value"`, "negative"}},
		{"NaN value", map[string]string{"trade.csv": "exporter,importer,value\nAAA,AAA,NaN\n"}, []string{"trade.csv:2", `"value"`, "finite"}},
		{"Inf value", map[string]string{"trade.csv": "exporter,importer,value\nAAA,AAA,+Inf\n"}, []string{"trade.csv:2", "finite"}},
		{"unparsable value", map[string]string{"trade.csv": "exporter,importer,value\nAAA,AAA,12a\n"}, []string{"trade.csv:2", "not a number"}},
		{"unknown exporter", map[string]string{"trade.csv": "exporter,importer,value\nAAA,AAA,1\nZZZ,AAA,1\n"}, []string{"trade.csv:3", `"exporter"`, "unknown country", "ZZZ"}},
		{"duplicate trade row", map[string]string{"trade.csv": "exporter,importer,value\nAAA,AAA,1\nBBB,BBB,1\nAAA,AAA,2\n"}, []string{"trade.csv:4", "duplicate", "line 2"}},
		{"unknown sector", map[string]string{"trade.csv": "exporter,importer,value,sector\nAAA,AAA,1,MAN\n"}, []string{"trade.csv:2", `"sector"`, "unknown sector"}},
		{"unknown column", map[string]string{"trade.csv": "exporter,importer,value,colour\nAAA,AAA,1,red\n"}, []string{"trade.csv:1", `"colour"`, "unknown column"}},
		{"trailing comma in header", map[string]string{"trade.csv": "exporter,importer,value,\nAAA,AAA,1,\n"}, []string{"trade.csv:1", "empty column name", "column 4", "trailing comma"}},
		{"missing column", map[string]string{"trade.csv": "exporter,value\nAAA,1\n"}, []string{"trade.csv:1", `"importer"`, "missing column"}},
		{"wrong field count", map[string]string{"trade.csv": "exporter,importer,value\nAAA,AAA,1\nBBB,BBB\n"}, []string{"trade.csv:3", "wrong number of fields"}},
		{"bad quoting", map[string]string{"trade.csv": "exporter,importer,value\nAAA,\"AAA,1\n"}, []string{"trade.csv:2"}},
		{"empty file", map[string]string{"trade.csv": ""}, []string{"trade.csv:1", "empty file"}},
		{"no data rows", map[string]string{"countries.csv": "code,name\n"}, []string{"countries.csv:2", "no data rows"}},
		{"missing file", map[string]string{"trade.csv": "-"}, []string{"trade.csv", "missing file"}},
		{"bad code", map[string]string{"countries.csv": "code,name,gdp\nAAA,A,1\nB-B,B,1\n"}, []string{"countries.csv:3", `"code"`, "bad code"}},
		{"code too long", map[string]string{"countries.csv": "code,name,gdp\nABCDEFGHI,A,1\n"}, []string{"countries.csv:2", "bad code"}},
		{"duplicate code", map[string]string{"countries.csv": "code,name,gdp\nAAA,A,1000\nBBB,B,600\nAAA,A2,1\n"}, []string{"countries.csv:4", `"code"`, "duplicate country code AAA", "line 2"}},
		{"negative gdp", map[string]string{"countries.csv": "code,name,gdp\nAAA,A,1000\nBBB,B,-600\nCCC,C,400\n"}, []string{"countries.csv:3", `"gdp"`, "negative"}},
		{"group named like a country", map[string]string{"countries.csv": "code,name,gdp,group\nAAA,A,1000,BBB\nBBB,B,600,\nCCC,C,400,\n"}, []string{"countries.csv:2", `"group"`}},
		{"missing domestic and gdp", map[string]string{"countries.csv": "code,name,gdp\nAAA,A,1000\nBBB,B,600\nCCC,C,\n"}, []string{"countries.csv:4", `"gdp"`, "CCC", "no gdp"}},
		{"domestic not positive", map[string]string{"countries.csv": "code,name,gdp\nAAA,A,1000\nBBB,B,600\nCCC,C,90\n"}, []string{"countries.csv:4", "CCC", "not positive"}},
		{"zero total sales", map[string]string{"trade.csv": "exporter,importer,value\nAAA,AAA,800\nBBB,BBB,450\nCCC,CCC,0\n"}, []string{"countries.csv:4", "CCC", "zero total sales"}},
		{"tariff at -100%", map[string]string{"tariffs.csv": "importer,exporter,rate\nAAA,BBB,0.1\nAAA,CCC,-1\n"}, []string{"tariffs.csv:3", `"rate"`, "−1"}},
		{"percent as decimal", map[string]string{"tariffs.csv": "importer,exporter,rate\nAAA,BBB,0.1\nAAA,CCC,5\n"},
			[]string{"tariffs.csv:3", `"rate"`, "5 means 500%; write 0.05", `"5%"`, "rate_pct", "as decimals in column rate"}},
		{"percent column above 100", map[string]string{"tariffs.csv": "importer,exporter,rate_pct\nAAA,BBB,10\nAAA,CCC,x\n"},
			[]string{"tariffs.csv:3", `"rate_pct"`, "in percent in column rate_pct"}},
		{"both rate columns", map[string]string{"tariffs.csv": "importer,exporter,rate,rate_pct\nAAA,BBB,0.1,10\n"}, []string{"tariffs.csv:1", "not both"}},
		{"no rate column", map[string]string{"tariffs.csv": "importer,exporter\nAAA,BBB\n"}, []string{"tariffs.csv:1", `"rate"`, "rate_pct"}},
		{"domestic tariff", map[string]string{"tariffs.csv": "importer,exporter,rate\nAAA,AAA,0.1\n"}, []string{"tariffs.csv:2", `"rate"`, "itself"}},
		{"duplicate tariff", map[string]string{"tariffs.csv": "importer,exporter,rate\nAAA,BBB,0.1\nAAA,BBB,0.2\n"}, []string{"tariffs.csv:3", "duplicate"}},
		{"tariff unknown importer", map[string]string{"tariffs.csv": "rate,exporter,importer\n0.1,BBB,QQQ\n"}, []string{"tariffs.csv:2", `"importer"`, "QQQ"}},
		{"sector without elasticity value", map[string]string{"sectors.csv": "code,name,trade_elasticity\nALL,All,0\n"}, []string{"sectors.csv:2", `"trade_elasticity"`, "positive"}},
		{"multi-sector without domestic", map[string]string{"sectors.csv": "code,name,trade_elasticity\nAGR,Agriculture,4\nMAN,Manufacturing,5\n",
			"trade.csv": "exporter,importer,value,sector\nAAA,BBB,1,AGR\n"}, []string{"countries.csv:2", "cannot be derived"}},
		{"bad unit", map[string]string{"dataset.yaml": "name: x\nunit: EUR\n"}, []string{"dataset.yaml:2", `"unit"`, "EUR"}},
		{"unknown yaml key", map[string]string{"dataset.yaml": "name: x\nyear: 2023\ncolour: red\n"}, []string{"dataset.yaml:3", `"colour"`, "unknown key"}},
		{"bad year", map[string]string{"dataset.yaml": "year: soon\n"}, []string{"dataset.yaml:1", `"year"`}},
		{"bad version", map[string]string{"dataset.yaml": "name: x\nversion: 2b\n"}, []string{"dataset.yaml:2", `"version"`, "whole number"}},
		{"bad us_record_in_baseline", map[string]string{"dataset.yaml": "name: x\nus_record_in_baseline: 2025-13-01\n"}, []string{"dataset.yaml:2", `"us_record_in_baseline"`, "YYYY-MM-DD"}},
		{"negative version", map[string]string{"dataset.yaml": "version: -1\n"}, []string{"dataset.yaml:1", `"version"`}},
		{"yaml syntax", map[string]string{"dataset.yaml": "name: [x\n"}, []string{"dataset.yaml"}},
		{"yaml syntax on line 3", map[string]string{"dataset.yaml": "name: x\nyear: 2023\n  e: f\n"}, []string{"dataset.yaml:3:"}},
		{"macro bad number", map[string]string{"macro.csv": "code,name,ca_pct_gdp_2023\nTWN,Taiwan,x\n"}, []string{"macro.csv:2", `"ca_pct_gdp_2023"`}},
		// Values too large to add up are blamed on the trade.csv row whose
		// value makes the sum overflow, not on a country.
		{"sales overflow", map[string]string{"trade.csv": "exporter,importer,value\nAAA,AAA,1e308\nAAA,BBB,1e308\nBBB,BBB,1\nCCC,CCC,1\n"}, []string{"trade.csv:3", `"value"`, "AAA's total sales overflow"}},
		{"purchases overflow", map[string]string{"trade.csv": "exporter,importer,value\nAAA,AAA,1\nAAA,BBB,1e308\nCCC,BBB,1e308\nBBB,BBB,1\nCCC,CCC,1\n"}, []string{"trade.csv:4", `"value"`, "BBB's total purchases overflow"}},
		// Every country's sales and purchases are finite; only their sum is not.
		{"world total overflow", map[string]string{"trade.csv": "exporter,importer,value\nAAA,AAA,1.5e308\nBBB,BBB,1.5e308\nCCC,CCC,1\n"}, []string{"trade.csv:3", `"value"`, "world total", "overflow"}},
		// Derived domestic sales (gdp − exports) overflow the world total: the
		// gdp is at fault.
		{"world total overflow from gdp", map[string]string{"countries.csv": "code,name,gdp\nAAA,A,1.5e308\nBBB,B,1.5e308\nCCC,C,400\n",
			"trade.csv": "exporter,importer,value\nAAA,BBB,1\nBBB,AAA,1\nCCC,AAA,1\nAAA,CCC,1\n"}, []string{"countries.csv:3", `"gdp"`, "world total", "overflow"}},
		// A huge cell is quoted in part: the message stays one short line.
		{"huge cell clipped", map[string]string{"trade.csv": "exporter,importer,value\nAAA," + strings.Repeat("x", 1<<20) + ",1\n"},
			[]string{"trade.csv:2", `"importer"`, `"` + strings.Repeat("x", 40) + `…"`}},
		// Codes are case-sensitive: a lower-case code in countries.csv is
		// the error there, with the upper-case spelling as the fix.
		{"lower-case code in countries.csv", map[string]string{"countries.csv": "code,name,gdp\nAAA,A,1000\nbbb,B,600\nCCC,C,400\n"},
			[]string{"countries.csv:3", `"code"`, `"bbb" is not upper case`, `trade.csv:3 names "BBB"`, "write BBB"}},
		{"lower-case code in trade.csv", map[string]string{"trade.csv": "exporter,importer,value\nAAA,AAA,800\naaa,BBB,120\n"},
			[]string{"trade.csv:3", `"exporter"`, `"aaa"`, "upper case: AAA"}},
		{"dataset year negative", map[string]string{"dataset.yaml": "name: x\nyear: -5\n"}, []string{"dataset.yaml:2", `"year"`, "-5", "1800–2200"}},
		{"dataset year too far", map[string]string{"dataset.yaml": "year: 20230101\n"}, []string{"dataset.yaml:1", `"year"`, "outside"}},
		{"second yaml document", map[string]string{"dataset.yaml": "name: x\n---\nname: y\n"}, []string{"dataset.yaml:", "more than one YAML document"}},
		{"current account year negative", map[string]string{"current_account.csv": "code,year,ca_pct_gdp\nAAA,2023,1\nAAA,-2020,1\n"}, []string{"current_account.csv:3", `"year"`, "-2020", "outside"}},
		{"current account year huge", map[string]string{"current_account.csv": "code,year,ca_pct_gdp\nAAA,99999999,1\n"}, []string{"current_account.csv:2", `"year"`, "outside"}},
		{"theta tiny", map[string]string{"sectors.csv": "code,name,trade_elasticity\nALL,All,1e-300\n"}, []string{"sectors.csv:2", `"trade_elasticity"`, "outside [0.1, 100]"}},
		{"theta huge", map[string]string{"sectors.csv": "code,name,trade_elasticity\nALL,All,1e308\n"}, []string{"sectors.csv:2", `"trade_elasticity"`, "outside [0.1, 100]"}},
		{"elasticity set theta huge", map[string]string{"elasticities.csv": "set,sector,theta\nA,ALL,4\nB,ALL,101\n"}, []string{"elasticities.csv:3", `"theta"`, "outside [0.1, 100]"}},
		{"macro unknown code", map[string]string{"macro.csv": "code,name,ca_pct_gdp_2023\nAAA,A,1\nZZZ,Z,2\n"}, []string{"macro.csv:3", `"code"`, `"ZZZ"`, "unknown economy"}},
		{"macro lower-case code", map[string]string{"macro.csv": "code,name,ca_pct_gdp_2023\naaa,A,1\n"}, []string{"macro.csv:2", `"code"`, "upper case: AAA"}},
		{"value-added share 0 on a star row", map[string]string{"value_added.csv": "country,share\nAAA,0.5\n*,0\n"}, []string{"value_added.csv:3", `"share"`, "share 0 for country BBB"}},
		{"value-added share 0 on a country row", map[string]string{"value_added.csv": "country,share\n*,0.5\nCCC,0\n"}, []string{"value_added.csv:3", `"share"`, "share 0 for country CCC"}},
		// A misspelt optional file would otherwise be skipped in silence.
		{"misspelt tariffs.csv", map[string]string{"tarrifs.csv": "importer,exporter,rate\nAAA,BBB,0.1\n"}, []string{"tarrifs.csv", "unknown dataset file", "did you mean tariffs.csv?"}},
		{"misspelt value_added.csv", map[string]string{"valueadded.csv": "country,share\n*,0.5\n"}, []string{"valueadded.csv", "did you mean value_added.csv?"}},
		{"misspelt io.csv", map[string]string{"ios.csv": "x\n"}, []string{"ios.csv", "did you mean io.csv?"}},
		{"misspelt sectors.csv", map[string]string{"sector.csv": "x\n"}, []string{"sector.csv", "did you mean sectors.csv?"}},
		{"misspelt elasticities.csv", map[string]string{"elasticites.csv": "x\n"}, []string{"elasticites.csv", "did you mean elasticities.csv?"}},
		{"capitalised name", map[string]string{"Tariffs.CSV": "x\n"}, []string{"Tariffs.CSV", "did you mean tariffs.csv?"}},
		{"unrelated csv", map[string]string{"population.csv": "x\n"}, []string{"population.csv", "unknown dataset file", "holds only countries.csv"}},
		// CCC sells to AAA but nothing is sold to CCC: no absorption.
		{"zero total purchases", map[string]string{"trade.csv": "exporter,importer,value\nAAA,AAA,800\nAAA,BBB,120\nBBB,AAA,100\nBBB,BBB,450\nCCC,AAA,90\nCCC,CCC,0\n"},
			[]string{"countries.csv:4", `"code"`, "CCC", "zero total purchases", "trade.csv"}},
		{"current account duplicate", map[string]string{"current_account.csv": "code,year,ca_pct_gdp,is_projection\nUSA,2023,-3.3,false\nUSA,2023,-3,false\n"}, []string{"current_account.csv:3", "duplicate"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := validFS()
			for name, content := range tc.files {
				if content == "-" {
					delete(fsys, name)
					continue
				}
				fsys[name] = &fstest.MapFile{Data: []byte(content)}
			}
			d, err := LoadFS(fsys, "")
			if err == nil {
				t.Fatalf("no error, want one containing %q", tc.want)
			}
			if d != nil {
				t.Errorf("dataset returned with an error: it must not be half-loaded")
			}
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid {
				t.Fatalf("error %v is not an *errs.Error of kind Invalid", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// TestLoadWarnsOfOutlierFlow: a single flow beyond MaxBalancePctGDP % of
// its exporter's GDP is legal but flagged with its line; flows below it and
// domestic sales (which are most of GDP) are not.
func TestLoadWarnsOfOutlierFlow(t *testing.T) {
	fsys := validFS()
	_, warns, err := loadFS(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 0 {
		t.Errorf("valid dataset warned: %q", warns)
	}
	// BBB's gdp is 600: 361 is 60.2% of it, 359 is 59.8%.
	fsys["trade.csv"] = &fstest.MapFile{Data: []byte("exporter,importer,value\nAAA,AAA,800\nAAA,BBB,120\nAAA,CCC,80\n" +
		"BBB,AAA,359\nBBB,BBB,450\nBBB,CCC,361\nCCC,AAA,90\n")}
	if _, warns, err = loadFS(fsys, "dir"); err != nil {
		t.Fatal(err)
	}
	want := `dir/trade.csv:7: field "value": BBB→CCC 361 is 60% of BBB's gdp 600 (beyond 60%)`
	if len(warns) != 1 || !strings.HasPrefix(warns[0], want) {
		t.Errorf("warnings %q, want one starting %q", warns, want)
	}
}

// TestLoadLeavesOtherFilesAlone: files that are not CSV and
// subdirectories are no dataset files and stay allowed beside them.
func TestLoadLeavesOtherFilesAlone(t *testing.T) {
	fsys := validFS()
	fsys["README.md"] = &fstest.MapFile{Data: []byte("# notes\n")}
	fsys["scenario.yaml"] = &fstest.MapFile{Data: []byte("name: x\n")}
	fsys["old/tarrifs.csv"] = &fstest.MapFile{Data: []byte("x\n")}
	if _, err := LoadFS(fsys, ""); err != nil {
		t.Fatal(err)
	}
}

// TestEmbeddedHoldOnlyKnownFiles: the shipped datasets pass the file-name
// check, so it needs no allow-list beyond knownFiles.
func TestEmbeddedHoldOnlyKnownFiles(t *testing.T) {
	for _, name := range EmbeddedNames() {
		if _, ok, err := Embedded(name); !ok || err != nil {
			t.Errorf("%s: ok=%v err=%v", name, ok, err)
		}
	}
	if _, err := Load("testdata/example"); err != nil {
		t.Error(err)
	}
}

// TestLoadTariffUnits: decimals, percent columns and "%" signs all give
// the same decimal rates; a rate over 100% is possible in percent.
func TestLoadTariffUnits(t *testing.T) {
	for _, file := range []string{
		"importer,exporter,rate\nAAA,BBB,0.1\nAAA,CCC,1.45\n",
		"importer,exporter,rate_pct\nAAA,BBB,10\nAAA,CCC,145\n",
		"importer,exporter,rate\nAAA,BBB,0.1\nAAA,CCC,145%\n",
		"importer,exporter,rate_pct\nAAA,BBB,10%\nAAA,CCC,145\n",
	} {
		fsys := validFS()
		fsys["tariffs.csv"] = &fstest.MapFile{Data: []byte(file)}
		if strings.Contains(file, "1.45\n") {
			// A decimal above 1 is refused even when it is meant.
			if _, err := LoadFS(fsys, ""); err == nil || !strings.Contains(err.Error(), "1.45 means 145%") {
				t.Errorf("%q: error %v, want the percent hint", file, err)
			}
			continue
		}
		d, err := LoadFS(fsys, "")
		if err != nil {
			t.Fatalf("%q: %v", file, err)
		}
		a, _ := d.Index("AAA")
		b, _ := d.Index("BBB")
		c, _ := d.Index("CCC")
		if d.Tariffs[d.At(b, a, 0)] != 0.1 || d.Tariffs[d.At(c, a, 0)] != 1.45 {
			t.Errorf("%q: rates %v and %v, want 0.1 and 1.45", file, d.Tariffs[d.At(b, a, 0)], d.Tariffs[d.At(c, a, 0)])
		}
	}
}

// TestLoadByteOrderMark: a UTF-8 byte-order mark, as spreadsheets write it,
// does not turn the first header into an unknown column.
func TestLoadByteOrderMark(t *testing.T) {
	fsys := validFS()
	for _, name := range []string{"countries.csv", "trade.csv"} {
		fsys[name] = &fstest.MapFile{Data: append([]byte("\xef\xbb\xbf"), fsys[name].Data...)}
	}
	d, err := LoadFS(fsys, "")
	if err != nil {
		t.Fatalf("a BOM broke the load: %v", err)
	}
	if d.Countries[0].Code != "AAA" || d.Trade[d.At(0, 0, 0)] != 800 {
		t.Errorf("first country %q, first flow %v", d.Countries[0].Code, d.Trade[0])
	}
}

func TestLoadColumnsAnyOrder(t *testing.T) {
	fsys := validFS()
	fsys["trade.csv"] = &fstest.MapFile{Data: []byte("value,importer,exporter\n800,AAA,AAA\n450,BBB,BBB\n400,CCC,CCC\n")}
	d, err := LoadFS(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if d.DomesticTotal() != 1650 || d.ForeignTotal() != 0 {
		t.Errorf("totals %v, %v", d.DomesticTotal(), d.ForeignTotal())
	}
}

func TestLoadLabelInErrors(t *testing.T) {
	fsys := maps.Clone(validFS())
	fsys["trade.csv"] = &fstest.MapFile{Data: []byte("exporter,importer,value\nAAA,AAA,-1\n")}
	_, err := LoadFS(fsys, "mydata")
	if err == nil || !strings.Contains(err.Error(), "mydata/trade.csv:2") {
		t.Fatalf("error %v should name mydata/trade.csv:2", err)
	}
}

func nan() float64 { return math.NaN() }

// TestReadTableMessages: a column error lists exactly the columns the file
// takes, and a quoting error inside a record that spans lines names the line
// of the fault, not the line the record starts on.
func TestReadTableMessages(t *testing.T) {
	cases := []struct {
		name      string
		body      string
		required  []string
		optional  []string
		want, not string
	}{
		{"missing column, no optional ones", "country,sector,share\nA,B,1\n", []string{"country", "sector", "input_sector", "share"}, nil,
			"(want country,sector,input_sector,share)", "optionally"},
		{"missing column, optional ones", "code\nA\n", []string{"code", "name"}, []string{"gdp", "group"},
			"(want code,name and optionally gdp,group)", ""},
		{"unknown column, no optional ones", "unit,member,colour\nA,B,red\n", []string{"unit", "member"}, nil,
			"(want unit,member)", "optionally"},
		{"quote fault on the record's second line", "exporter,importer,value\nAAA,\"AA\nA\"x,1\n", []string{"exporter", "importer", "value"}, nil,
			"f.csv:3", "f.csv:2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := readTable("f.csv", []byte(c.body), c.required, c.optional)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if !strings.Contains(msg, c.want) || (c.not != "" && strings.Contains(msg, c.not)) {
				t.Errorf("error %q, want %q and not %q", msg, c.want, c.not)
			}
		})
	}
}

// TestIndexOfUnknownCode: an unknown code is at no position, -1, never a
// valid index that a caller skipping ok would read another country's data at.
func TestIndexOfUnknownCode(t *testing.T) {
	d := &Dataset{Countries: []Country{{Code: "AAA"}, {Code: "BBB"}}}
	for code, want := range map[string]int{"AAA": 0, "BBB": 1, "ZZZ": -1, "": -1} {
		if got, ok := d.Index(code); got != want || ok != (want >= 0) {
			t.Errorf("Index(%q) = %d, %v; want %d, %v", code, got, ok, want, want >= 0)
		}
	}
}

// TestLoadErrorOperation: a load error says what failed — loading a
// dataset — for callers that print the operation before the file.
func TestLoadErrorOperation(t *testing.T) {
	fsys := validFS()
	fsys["trade.csv"] = &fstest.MapFile{Data: []byte("exporter,importer,value\nAAA,AAA,-1\n")}
	_, err := LoadFS(fsys, "")
	var e *errs.Error
	if !errors.As(err, &e) || e.Op != "load dataset" {
		t.Fatalf("error %v (op %q), want one of operation \"load dataset\"", err, e.Op)
	}
}

// TestVersionZero: version 0 is a version (a dataset before its first
// release), not an error.
func TestVersionZero(t *testing.T) {
	fsys := validFS()
	fsys["dataset.yaml"] = &fstest.MapFile{Data: []byte("name: x\nversion: 0\n")}
	d, err := LoadFS(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if d.Version != 0 {
		t.Errorf("version %d", d.Version)
	}
}

// TestUSRecordInBaselineRoundTrip: the date the baseline's US duties are
// as of survives export and load, so that an exported embedded world does
// not get the pre-2025 duties twice from a us-record schedule.
func TestUSRecordInBaselineRoundTrip(t *testing.T) {
	fsys := validFS()
	fsys["dataset.yaml"] = &fstest.MapFile{Data: []byte("name: x\nus_record_in_baseline: 2025-01-01\n")}
	d, err := LoadFS(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if d.USRecordInBaseline != "2025-01-01" {
		t.Fatalf("us_record_in_baseline %q", d.USRecordInBaseline)
	}
	b, err := encodeMeta(d)
	if err != nil {
		t.Fatal(err)
	}
	m, err := parseMeta(b)
	if err != nil || m.USRecordInBaseline != "2025-01-01" {
		t.Errorf("after export: %q, %v\n%s", m.USRecordInBaseline, err, b)
	}
}

// TestSourcesAsOneString: sources may be one string instead of a list; an
// empty one means none.
func TestSourcesAsOneString(t *testing.T) {
	for body, want := range map[string][]string{
		"name: x\nsources: One source\n": {"One source"},
		"name: x\nsources: [One, Two]\n": {"One", "Two"},
		"name: x\nsources: \"\"\n":       nil,
	} {
		fsys := validFS()
		fsys["dataset.yaml"] = &fstest.MapFile{Data: []byte(body)}
		d, err := LoadFS(fsys, "")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(d.Sources, want) {
			t.Errorf("%q: sources %q, want %q", body, d.Sources, want)
		}
	}
}

// TestCloneIsDeep: a clone's elasticity sets, groups and member lists can
// be changed (a scenario's edits, a bootstrap draw) without touching the
// dataset it came from, and a dataset without them clones to one without.
func TestCloneIsDeep(t *testing.T) {
	d := &Dataset{
		Elasticities: map[string][]float64{"CP": {5, 8}},
		Groups:       map[string][]string{"BLOC": {"AAA", "BBB"}},
		Members:      map[string][]string{"EU2": {"FRA", "DEU"}},
	}
	c := d.Clone()
	c.Elasticities["CP"][0] = 99
	c.Elasticities["NEW"] = []float64{1}
	c.Groups["BLOC"][0] = "ZZZ"
	c.Groups["NEW"] = nil
	c.Members["EU2"][0] = "ZZZ"
	c.Members["NEW"] = nil
	if d.Elasticities["CP"][0] != 5 || len(d.Elasticities) != 1 {
		t.Errorf("clone's edit reached the original's elasticities: %v", d.Elasticities)
	}
	if d.Groups["BLOC"][0] != "AAA" || len(d.Groups) != 1 {
		t.Errorf("clone's edit reached the original's groups: %v", d.Groups)
	}
	if d.Members["EU2"][0] != "FRA" || len(d.Members) != 1 {
		t.Errorf("clone's edit reached the original's members: %v", d.Members)
	}
	empty := (&Dataset{}).Clone()
	if empty.Elasticities != nil || empty.Groups != nil || empty.Members != nil {
		t.Errorf("a dataset without maps cloned to %v %v %v", empty.Elasticities, empty.Groups, empty.Members)
	}
}
