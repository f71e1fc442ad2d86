package main

import (
	"encoding/json"
	"github.com/tradebloc/tradebloc/internal/report"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/testutil"
)

// runDataCLI runs the root command in-process with args and returns stdout,
// the exit code main would use and the error.
func runDataCLI(t *testing.T, args ...string) (string, int, error) {
	t.Helper()
	out, err := runCLI(t, args...)
	return out, errs.ExitCode(err), err
}

func TestDataShowJSON(t *testing.T) {
	out, code, err := runDataCLI(t, "data", "show", "--format", "json")
	if err != nil || code != 0 {
		t.Fatalf("data show: exit %d, %v", code, err)
	}
	var s struct {
		Countries         int     `json:"countries"`
		ForeignTradeTotal float64 `json:"foreign_trade_total"`
		DomesticTotal     float64 `json:"domestic_total"`
		Version           int     `json:"version"`
		Hash              string  `json:"hash"`
		BalanceCheck      []struct {
			Code   string  `json:"code"`
			Pct    float64 `json:"goods_balance_pct_gdp"`
			BoPPct float64 `json:"bop_goods_balance_pct_gdp"`
			DiffPP float64 `json:"diff_pp"`
		} `json:"balance_check"`
		QualityFlags []struct {
			Code   string `json:"code"`
			Reason string `json:"reason"`
		} `json:"quality_flags"`
		Unreconciled []struct {
			Code string `json:"code"`
		} `json:"unreconciled_balances"`
		CACheck []struct{} `json:"current_account_check"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("data show JSON: %v\n%s", err, out)
	}
	// The UAE and Iran have no BoP goods balance: they are named as not
	// reconciled, and no reconciled economy is.
	var unrec []string
	for _, u := range s.Unreconciled {
		unrec = append(unrec, u.Code)
		if seen := slices.ContainsFunc(s.BalanceCheck, func(c struct {
			Code   string  `json:"code"`
			Pct    float64 `json:"goods_balance_pct_gdp"`
			BoPPct float64 `json:"bop_goods_balance_pct_gdp"`
			DiffPP float64 `json:"diff_pp"`
		}) bool {
			return c.Code == u.Code
		}); seen {
			t.Errorf("%s is both reconciled and not", u.Code)
		}
	}
	if len(unrec) < 2 || unrec[0] != "ARE" || !slices.Contains(unrec, "IRN") {
		t.Errorf("unreconciled_balances = %v, want the UAE first and Iran among them", unrec)
	}
	if s.CACheck == nil || len(s.CACheck) != 0 {
		t.Errorf("a goods-only world has %d current-account checks (null: %v), want an empty list", len(s.CACheck), s.CACheck == nil)
	}
	d, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	if s.Countries != 195 || s.Version != 5 || s.Hash != d.Hash() {
		t.Errorf("countries %d, version %d, hash %q; want 195, 5, %q", s.Countries, s.Version, s.Hash, d.Hash())
	}
	// BACI 2023 repaired and rescaled to the BoP: USD 22.96 trillion.
	if math.Abs(s.ForeignTradeTotal-22_956_400) > 1_000 {
		t.Errorf("foreign_trade_total = %.0f, want 22,956,400 ± 1,000", s.ForeignTradeTotal)
	}
	if !(s.DomesticTotal > 0) {
		t.Errorf("domestic_total = %v, want > 0", s.DomesticTotal)
	}
	seen := map[string]bool{}
	for _, c := range s.BalanceCheck {
		seen[c.Code] = true
		if math.Abs(c.DiffPP) > 1 || math.Abs(c.Pct-c.BoPPct-c.DiffPP) > 1e-9 {
			t.Errorf("%s: dataset %.2f%%, BoP %.2f%%, diff %.2f pp", c.Code, c.Pct, c.BoPPct, c.DiffPP)
		}
	}
	if len(s.BalanceCheck) != 62 || !seen["TWN"] || !seen["VNM"] || !seen["HKG"] {
		t.Errorf("balance_check has %d economies (TWN %v, VNM %v, HKG %v), want 62 incl. all three", len(s.BalanceCheck), seen["TWN"], seen["VNM"], seen["HKG"])
	}
	if len(s.QualityFlags) == 0 || s.QualityFlags[0].Code != "MHL" || s.QualityFlags[0].Reason == "" {
		t.Errorf("quality_flags = %+v, want the Marshall Islands first, with a reason", s.QualityFlags)
	}
}

func TestDataShowTable(t *testing.T) {
	out, code, err := runDataCLI(t, "data", "show")
	if err != nil || code != 0 {
		t.Fatalf("data show: exit %d, %v", code, err)
	}
	d, _ := data.Default()
	for _, want := range []string{`version +5\n`, `hash +` + d.Hash(), "Goods balance 2023 vs balance of payments", "TWN   Taiwan", "Data-quality flags", "MHL   Marshall Islands",
		`input-output shares +yes`, `trade coverage +goods\n`} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("data show output lacks %q", want)
		}
	}
	if strings.Contains(out, "-0.00") {
		t.Error("data show prints -0.00")
	}
}

// TestDataShowCSV: the CSV output carries every table of the text report as
// its own section, numbers at full precision.
func TestDataShowCSV(t *testing.T) {
	out, code, err := runDataCLI(t, "data", "show", "--format", "csv")
	if err != nil || code != 0 {
		t.Fatalf("data show --format csv: exit %d, %v", code, err)
	}
	for _, name := range []string{"dataset", "largest", "balance_check", "quality_flags", "sources"} {
		if !strings.Contains(out, "# table: "+name+"\n") {
			t.Errorf("CSV lacks the %s table", name)
		}
	}
	d, _ := data.Default()
	us, _ := d.Index("USA")
	if !strings.Contains(out, "USA,United States,"+report.Full(d.Countries[us].GDP)+","+report.Full(d.Exports(us))) {
		t.Errorf("the largest-economies table is not at full precision:\n%s", out)
	}
}

// copyExample copies internal/data/testdata/example to a fresh directory.
func copyExample(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "example")
	if err := os.CopyFS(dst, os.DirFS(filepath.Join("..", "..", "internal", "data", "testdata", "example"))); err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestDataValidateExample(t *testing.T) {
	dir := copyExample(t)
	out, code, err := runDataCLI(t, "data", "validate", dir)
	if code != 0 || err != nil {
		t.Fatalf("validate valid example: exit %d, %v", code, err)
	}
	if !strings.Contains(out, "valid: 3 countries") {
		t.Errorf("validate output %q", out)
	}
}

func TestDataValidateNegativeValue(t *testing.T) {
	dir := copyExample(t)
	path := filepath.Join(dir, "trade.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) < 7 {
		t.Fatalf("%s has %d lines, need at least 7", path, len(lines))
	}
	// Line 7 (1-based, header on line 1) gets a negative value.
	f := strings.Split(lines[6], ",")
	f[len(f)-1] = "-" + f[len(f)-1]
	lines[6] = strings.Join(f, ",")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, code, err := runDataCLI(t, "data", "validate", dir)
	if code != 2 {
		t.Errorf("validate with a negative flow: exit %d (%v), want 2", code, err)
	}
	t.Logf("validate error: %v", err)
	if err == nil || !strings.Contains(err.Error(), "trade.csv:7") {
		t.Errorf("error %v, want it to name trade.csv:7", err)
	}
}

// TestDataValidateCalibrates: validate refuses what solve would refuse
// (exit 2, naming the country and where its figures come from) and lists
// a flow beyond 60% of its exporter's GDP with its trade.csv line.
func TestDataValidateCalibrates(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string // written over the example
		out   []string          // substrings of stdout
		err   []string          // substrings of the error; none: success
	}{
		{"zero absorption", map[string]string{
			"countries.csv": "code,name,gdp\nAAA,A,1000\nBBB,B,600\nCCC,C,400\nZZZ,Nowhere,100\n",
			"trade.csv":     "exporter,importer,value\nAAA,AAA,800\nAAA,BBB,120\nAAA,CCC,80\nBBB,AAA,100\nBBB,BBB,450\nCCC,AAA,90\nZZZ,ZZZ,0\nZZZ,AAA,50\n"},
			nil, []string{"countries.csv:5", "ZZZ", "zero total purchases", "trade.csv"}},
		// With value_added.csv, a typo 1e6 in AAA's exports makes AAA's
		// intermediate use exceed its absorption: only calibration sees it.
		{"flow typo with input-output", map[string]string{
			"value_added.csv": "country,share\n*,0.5\n",
			"trade.csv":       "exporter,importer,value\nAAA,AAA,800\nAAA,BBB,1e6\nAAA,CCC,80\nBBB,AAA,100\nBBB,BBB,450\nBBB,CCC,50\nCCC,AAA,90\nCCC,BBB,40\n"},
			[]string{`warning: `, `trade.csv:3: field "value": AAA→BBB 1e6 is 100000% of AAA's gdp 1000`},
			[]string{"cannot calibrate", "country AAA", "exceeds absorption", "exporter AAA"}},
		{"outlier only warns", map[string]string{
			"trade.csv": "exporter,importer,value\nAAA,AAA,800\nAAA,BBB,120\nAAA,CCC,80\nBBB,AAA,100\nBBB,BBB,450\nBBB,CCC,50\nCCC,AAA,300\nCCC,BBB,40\n"},
			[]string{`trade.csv:8: field "value": CCC→AAA 300 is 75% of CCC's gdp 400`, "valid: 3 countries"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyExample(t)
			for name, body := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out, code, err := runDataCLI(t, "data", "validate", dir)
			for _, w := range tc.out {
				if !strings.Contains(out, w) {
					t.Errorf("output %q does not contain %q", out, w)
				}
			}
			if tc.err == nil {
				if code != 0 {
					t.Fatalf("exit %d (%v), want 0", code, err)
				}
				return
			}
			if code != 2 {
				t.Fatalf("exit %d (%v), want 2", code, err)
			}
			for _, w := range tc.err {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestDataExportValidate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "world")
	out, code, err := runDataCLI(t, "data", "export", dir)
	if code != 0 || err != nil {
		t.Fatalf("data export: exit %d, %v", code, err)
	}
	if !strings.Contains(out, "195 countries") {
		t.Errorf("export output %q", out)
	}
	out, code, err = runDataCLI(t, "data", "validate", dir)
	if code != 0 || err != nil {
		t.Fatalf("validate exported dataset: exit %d, %v", code, err)
	}
	if !strings.Contains(out, "valid: 195 countries") {
		t.Errorf("validate output %q", out)
	}
}

// TestDataShowICIOCurrentAccount: on the goods-and-services world, data
// show sets each balance beside the current account, and the gap is the
// income balance an economist expects (Japan's investment income; the US
// near zero), not a data error.
func TestDataShowICIOCurrentAccount(t *testing.T) {
	out, code, err := runDataCLI(t, "data", "show", "--data", "icio-2022", "--format", "json")
	if err != nil || code != 0 {
		t.Fatalf("data show --data icio-2022: exit %d, %v", code, err)
	}
	var s struct {
		Unreconciled []struct{} `json:"unreconciled_balances"`
		CACheck      []struct {
			Code     string  `json:"code"`
			Balance  float64 `json:"balance_pct_gdp"`
			CA       float64 `json:"current_account_pct_gdp"`
			IncomePP float64 `json:"income_and_transfers_pp"`
		} `json:"current_account_check"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Unreconciled) != 0 {
		t.Errorf("%d unreconciled balances on a world reconciled to no reference", len(s.Unreconciled))
	}
	got := map[string]float64{}
	for _, c := range s.CACheck {
		got[c.Code] = c.IncomePP
		if math.Abs(c.CA-c.Balance-c.IncomePP) > 1e-9 {
			t.Errorf("%s: current account %.2f − balance %.2f ≠ %.2f", c.Code, c.CA, c.Balance, c.IncomePP)
		}
	}
	if len(s.CACheck) < 75 {
		t.Errorf("%d economies checked, want the 80 with a 2022 current account (ROW has none)", len(s.CACheck))
	}
	if v, ok := got["JPN"]; !ok || v < 4 {
		t.Errorf("Japan's income and transfers %.1f pp, want > 4 (its current-account surplus is investment income)", v)
	}
	if v, ok := got["USA"]; !ok || math.Abs(v) > 1 {
		t.Errorf("US income and transfers %.1f pp, want within 1 pp of zero", v)
	}
	if _, ok := got["ROW"]; ok {
		t.Error("the ROW aggregate has a current-account check")
	}
	txt, _, _ := runDataCLI(t, "data", "show", "--data", "icio-2022")
	if !strings.Contains(txt, "Goods and services balance 2022 vs current account 2022") {
		t.Error("the text report lacks the current-account table")
	}
}

// TestDataBadPathsExit2: the data commands' bad input and bad output paths
// exit with code 2 and name the path (they exited with 1, and `data export
// -` made a directory called "-").
func TestDataBadPathsExit2(t *testing.T) {
	bad := copyExample(t)
	compiled, err := filepath.Abs(filepath.Join(testutil.SharedDir(t), "data", "compiled"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	if err := os.WriteFile("file", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(bad, "trade.csv")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(bad, "trade.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"validate, trade.csv a directory", []string{"data", "validate", bad}, []string{filepath.Join(bad, "trade.csv"), "is a directory"}},
		{"show, trade.csv a directory", []string{"data", "show", "--data", bad}, []string{"trade.csv", "is a directory"}},
		{"export to -", []string{"data", "export", "-"}, []string{`"-"`, "name a directory"}},
		{"export to a file", []string{"data", "export", "file"}, []string{"file: ", "not a directory"}},
		{"export under a file", []string{"data", "export", "file/x"}, []string{"file/x: ", "not a directory"}},
		{"build to a file", []string{"data", "build", "--from", compiled, "--out", "file"}, []string{"file: ", "not a directory"}},
		{"build to -", []string{"data", "build", "--from", compiled, "--out", "-"}, []string{`"-"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, code, err := runDataCLI(t, tc.args...)
			if code != 2 {
				t.Fatalf("exit %d (%v), want 2", code, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error(`a directory "-" was created`)
	}
}

// TestDataBuildMissingColumn: a compiled table without a column the
// generator reads exits with code 2 naming the file and column (it
// panicked).
func TestDataBuildMissingColumn(t *testing.T) {
	src := filepath.Join(testutil.SharedDir(t), "data")
	root := t.TempDir()
	compiled := filepath.Join(root, "compiled")
	if err := os.CopyFS(compiled, os.DirFS(filepath.Join(src, "compiled"))); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(src, "external"), filepath.Join(root, "external")); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(compiled, "baci2023_bilateral_194.csv")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), "value_usd_mn", "value_usd_mnX", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	_, code, err := runDataCLI(t, "data", "build", "--from", compiled, "--out", filepath.Join(root, "out"))
	if code != 2 || err == nil || !strings.Contains(err.Error(), p+":1") || !strings.Contains(err.Error(), `field "value_usd_mn"`) {
		t.Fatalf("exit %d, error %v; want 2 naming %s:1 and the column", code, err, p)
	}
}

// TestDataShowDefinitionNotes: the notes say what a reader would otherwise
// misread: on the goods world the home share mixes services into domestic
// sales, and the balance check's zero gap is the build's scaling; on the
// input–output world gdp is the model's value added, not official GDP.
func TestDataShowDefinitionNotes(t *testing.T) {
	for _, tc := range []struct {
		world      string
		want, lack []string
	}{
		{"world-2023", []string{"services included, while imports are goods only", "a gap of 0 shows the scaling held"}, []string{"gdp = value added"}},
		{"icio-2022", []string{"gdp = value added, the sum over sectors"}, []string{"services included, while imports are goods only"}},
	} {
		out, code, err := runDataCLI(t, "data", "show", "--data", tc.world)
		if err != nil || code != 0 {
			t.Fatalf("data show --data %s: exit %d, %v", tc.world, code, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: data show lacks %q", tc.world, w)
			}
		}
		for _, l := range tc.lack {
			if strings.Contains(out, l) {
				t.Errorf("%s: data show says %q", tc.world, l)
			}
		}
	}
}
