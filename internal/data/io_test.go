package data

import (
	"errors"
	"math"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// ioFS is validFS with two sectors and input–output files.
func ioFS() fstest.MapFS {
	return fstest.MapFS{
		"countries.csv": {Data: []byte("code,name\nAAA,A\nBBB,B\n")},
		"sectors.csv":   {Data: []byte("code,name,trade_elasticity\nGDS,Goods,4\nSRV,Services,8\n")},
		"trade.csv": {Data: []byte("exporter,importer,value,sector\nAAA,AAA,500,GDS\nAAA,BBB,100,GDS\nBBB,AAA,80,GDS\nBBB,BBB,400,GDS\n" +
			"AAA,AAA,900,SRV\nBBB,BBB,700,SRV\n")},
		"value_added.csv":  {Data: []byte("country,sector,share\n*,GDS,0.4\n*,SRV,0.7\nBBB,GDS,0.5\n")},
		"io.csv":           {Data: []byte("country,sector,input_sector,share\n*,GDS,GDS,0.4\n*,GDS,SRV,0.2\n*,SRV,GDS,0.1\n*,SRV,SRV,0.2\nBBB,GDS,GDS,0.3\nBBB,GDS,SRV,0.2\n")},
		"elasticities.csv": {Data: []byte("set,sector,theta\nCP,GDS,5\nCP,SRV,8.22\nU4,GDS,4\nU4,SRV,4\n")},
	}
}

func TestLoadIO(t *testing.T) {
	d, err := LoadFS(ioFS(), "")
	if err != nil {
		t.Fatal(err)
	}
	if !d.HasIO() {
		t.Fatal("no IO")
	}
	a, _ := d.Index("AAA")
	b, _ := d.Index("BBB")
	cases := []struct {
		name      string
		got, want float64
	}{
		{"β AAA goods (star)", d.ValueAdded(a, 0), 0.4},
		{"β BBB goods (override)", d.ValueAdded(b, 0), 0.5},
		{"β BBB services (star)", d.ValueAdded(b, 1), 0.7},
		{"γ AAA goods←goods (star)", d.InputShare(a, 0, 0), 0.4},
		{"γ BBB goods←goods (override)", d.InputShare(b, 0, 0), 0.3},
		{"γ BBB services←goods (star)", d.InputShare(b, 1, 0), 0.1},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if got := d.Elasticities["CP"]; len(got) != 2 || got[0] != 5 || got[1] != 8.22 {
		t.Errorf("set CP = %v", got)
	}
	if len(d.ElasticitySets) != 2 || d.ElasticitySets[0] != "CP" {
		t.Errorf("sets %v", d.ElasticitySets)
	}
	// Round trip through the directory format keeps every share.
	files, err := Encode(d)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for name, b := range files {
		fsys[name] = &fstest.MapFile{Data: b}
	}
	d2, err := LoadFS(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if d2.Hash() != d.Hash() {
		t.Errorf("round trip changed the dataset: %s vs %s", d2.Hash(), d.Hash())
	}
}

// TestLoadOneSectorValueAddedOnly: with one sector and only
// value_added.csv, γ = 1 − β (the one-sector input–output model).
func TestLoadOneSectorValueAddedOnly(t *testing.T) {
	fsys := validFS()
	fsys["value_added.csv"] = &fstest.MapFile{Data: []byte("country,share\n*,0.5\nCCC,0.25\n")}
	d, err := LoadFS(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	c, _ := d.Index("CCC")
	if d.ValueAdded(c, 0) != 0.25 || d.InputShare(c, 0, 0) != 0.75 || d.InputShare(0, 0, 0) != 0.5 {
		t.Errorf("β %v γ %v", d.VA, d.IO)
	}
}

func TestLoadIOErrors(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"share above 1", map[string]string{"value_added.csv": "country,sector,share\n*,GDS,1.4\n*,SRV,0.7\n"}, []string{"value_added.csv:2", `"share"`, "outside [0, 1]"}},
		{"negative input share", map[string]string{"io.csv": "country,sector,input_sector,share\n*,GDS,GDS,-0.1\n"}, []string{"io.csv:2", `"share"`, "outside"}},
		{"shares do not sum to one", map[string]string{"io.csv": "country,sector,input_sector,share\n*,GDS,GDS,0.4\n*,GDS,SRV,0.25\n*,SRV,GDS,0.1\n*,SRV,SRV,0.2\nBBB,GDS,GDS,0.3\nBBB,GDS,SRV,0.2\n"},
			[]string{"io.csv:3", `"share"`, "AAA", "GDS", "value-added share 0.4 to 1.05", "want 1"}},
		// BBB's own services rows sum with its own β = 0.6 to 1.1: the line
		// named is BBB's own row (line 7), not a star row nor no line at
		// all, and the β printed is BBB's, not AAA's 0.7.
		{"own shares of a later country and sector do not sum to one", map[string]string{"value_added.csv": "country,sector,share\n*,GDS,0.4\n*,SRV,0.7\nBBB,GDS,0.5\nBBB,SRV,0.6\n", "io.csv": "country,sector,input_sector,share\n*,GDS,GDS,0.4\n*,GDS,SRV,0.2\n*,SRV,GDS,0.1\n*,SRV,SRV,0.2\nBBB,GDS,GDS,0.3\nBBB,SRV,GDS,0.5\nBBB,GDS,SRV,0.2\n"},
			[]string{"io.csv:7:", "BBB", "SRV", "value-added share 0.6 to 1.1", "want 1"}},
		{"IO sector not in sectors.csv", map[string]string{"io.csv": "country,sector,input_sector,share\n*,GDS,MIN,0.6\n"}, []string{"io.csv:2", `"input_sector"`, "MIN", "sectors.csv"}},
		{"VA sector not in sectors.csv", map[string]string{"value_added.csv": "country,sector,share\n*,FISH,0.4\n"}, []string{"value_added.csv:2", `"sector"`, "FISH"}},
		{"unknown country", map[string]string{"io.csv": "country,sector,input_sector,share\nZZZ,GDS,GDS,0.6\n"}, []string{"io.csv:2", `"country"`, "ZZZ"}},
		{"missing β", map[string]string{"value_added.csv": "country,sector,share\n*,GDS,0.4\n"}, []string{"value_added.csv", "SRV"}},
		{"zero β", map[string]string{"value_added.csv": "country,sector,share\n*,GDS,0\n*,SRV,0.7\n"}, []string{"value_added.csv", "share 0"}},
		{"io.csv missing with sectors", map[string]string{"io.csv": "-"}, []string{"io.csv", "missing file"}},
		{"io.csv without value_added.csv", map[string]string{"value_added.csv": "-"}, []string{"io.csv", "value_added.csv"}},
		{"value added share twice", map[string]string{"value_added.csv": "country,sector,share\n*,GDS,0.4\n*,SRV,0.7\n*,GDS,0.4\n"}, []string{"value_added.csv:4", "twice"}},
		{"sector column missing", map[string]string{"value_added.csv": "country,share\n*,0.4\n"}, []string{"value_added.csv", `"sector"`}},
		{"set misses a sector", map[string]string{"elasticities.csv": "set,sector,theta\nCP,GDS,5\n"}, []string{"elasticities.csv:2", "SRV"}},
		{"θ not positive", map[string]string{"elasticities.csv": "set,sector,theta\nCP,GDS,0\nCP,SRV,1\n"}, []string{"elasticities.csv:2", `"theta"`, "positive"}},
		{"θ sector twice", map[string]string{"elasticities.csv": "set,sector,theta\nCP,GDS,5\nCP,GDS,6\nCP,SRV,1\n"}, []string{"elasticities.csv:3", "twice"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := ioFS()
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
				t.Error("dataset returned with an error")
			}
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid {
				t.Fatalf("error %v is not Invalid", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// FuzzLoadIO feeds arbitrary value_added.csv and io.csv to a valid
// two-sector dataset: loading never panics, and loaded shares are in
// [0, 1] with Σγ + β = 1 for every country and sector.
func FuzzLoadIO(f *testing.F) {
	base := ioFS()
	f.Add(base["value_added.csv"].Data, base["io.csv"].Data)
	f.Add([]byte("country,sector,share\n*,GDS,1\n*,SRV,1\n"), []byte("country,sector,input_sector,share\n*,GDS,GDS,0\n"))
	f.Add([]byte("sector,share,country\nGDS,0.5,AAA\n"), []byte("country,sector,input_sector,share\n"))
	f.Add([]byte("country,sector,share\n*,GDS,NaN\n"), []byte("country,sector,input_sector,share\n\"*\",GDS,SRV,1e-400\n"))
	f.Fuzz(func(t *testing.T, va, io []byte) {
		fsys := ioFS()
		fsys["value_added.csv"] = &fstest.MapFile{Data: va}
		fsys["io.csv"] = &fstest.MapFile{Data: io}
		d, err := LoadFS(fsys, "")
		if err != nil {
			if d != nil {
				t.Fatal("dataset returned with an error")
			}
			return
		}
		S := d.S()
		for i := range d.Countries {
			for s := 0; s < S; s++ {
				sum := d.ValueAdded(i, s)
				if !(sum > 0 && sum <= 1) {
					t.Fatalf("β = %v", sum)
				}
				for k := 0; k < S; k++ {
					g := d.InputShare(i, s, k)
					if !(g >= 0 && g <= 1) {
						t.Fatalf("γ = %v", g)
					}
					sum += g
				}
				if math.Abs(sum-1) > ioTolerance {
					t.Fatalf("Σγ + β = %v", sum)
				}
			}
		}
	})
}

// TestLoadIOFirstCountryAndSparseStar: rows naming the first country in
// countries.csv (index 0) override the "*" rows like any other country's,
// and "*" rows that give only some input sectors leave the others at zero
// for every country that has no rows of its own.
func TestLoadIOFirstCountryAndSparseStar(t *testing.T) {
	fsys := ioFS()
	fsys["value_added.csv"] = &fstest.MapFile{Data: []byte("country,sector,share\n*,GDS,0.4\n*,SRV,0.7\nAAA,GDS,0.5\n")}
	fsys["io.csv"] = &fstest.MapFile{Data: []byte("country,sector,input_sector,share\n*,GDS,GDS,0.6\n*,SRV,SRV,0.3\nAAA,GDS,GDS,0.3\nAAA,GDS,SRV,0.2\n")}
	d, err := LoadFS(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := d.Index("AAA")
	b, _ := d.Index("BBB")
	if a != 0 {
		t.Fatalf("AAA at %d: the test needs it first", a)
	}
	cases := []struct {
		name      string
		got, want float64
	}{
		{"β AAA goods (own row)", d.ValueAdded(a, 0), 0.5},
		{"β BBB goods (star)", d.ValueAdded(b, 0), 0.4},
		{"β AAA services (star)", d.ValueAdded(a, 1), 0.7},
		{"γ AAA goods←goods (own row)", d.InputShare(a, 0, 0), 0.3},
		{"γ AAA goods←services (own row)", d.InputShare(a, 0, 1), 0.2},
		{"γ BBB goods←goods (star)", d.InputShare(b, 0, 0), 0.6},
		{"γ BBB goods←services (not in the star rows)", d.InputShare(b, 0, 1), 0},
		{"γ AAA services←services (star)", d.InputShare(a, 1, 1), 0.3},
		{"γ BBB services←goods (not in the star rows)", d.InputShare(b, 1, 0), 0},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

// TestLoadIOShareBounds: shares of exactly 0 and exactly 1 are shares (a
// sector of pure value added, an input not used); only outside [0, 1] is
// an error.
func TestLoadIOShareBounds(t *testing.T) {
	fsys := ioFS()
	fsys["value_added.csv"] = &fstest.MapFile{Data: []byte("country,sector,share\n*,GDS,0.4\n*,SRV,1\nBBB,GDS,0.5\n")}
	fsys["io.csv"] = &fstest.MapFile{Data: []byte("country,sector,input_sector,share\n*,GDS,GDS,0.4\n*,GDS,SRV,0.2\n*,SRV,GDS,0\n*,SRV,SRV,0\nBBB,GDS,GDS,0.3\nBBB,GDS,SRV,0.2\n")}
	d, err := LoadFS(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if d.ValueAdded(0, 1) != 1 || d.InputShare(0, 1, 0) != 0 || d.InputShare(1, 1, 1) != 0 {
		t.Errorf("β %v γ %v", d.VA, d.IO)
	}
}
