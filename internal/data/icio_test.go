package data_test

import (
	"math"
	"slices"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

func icio(t *testing.T) *data.Dataset {
	t.Helper()
	d, ok, err := data.Embedded(data.ICIOName)
	if !ok || err != nil {
		t.Fatalf("embedded %s: found %v, %v", data.ICIOName, ok, err)
	}
	return d
}

// TestICIOFacts checks the facts of icio-2022 that its README states and
// the model relies on.
func TestICIOFacts(t *testing.T) {
	d := icio(t)
	if d.N() != 81 || d.S() != 28 || d.Year != 2022 || d.Unit != "USD million" || d.Version != 2 || d.Coverage != data.CoverageServices || !d.HasIO() {
		t.Fatalf("N=%d S=%d year=%d unit=%q version=%d coverage=%q io=%v", d.N(), d.S(), d.Year, d.Unit, d.Version, d.Coverage, d.HasIO())
	}
	if i, ok := d.Index("TWN"); !ok || d.Countries[i].Name != "Taiwan" {
		t.Errorf("Taiwan missing or misnamed")
	}
	row, ok := d.Index("ROW")
	if !ok || row != d.N()-1 {
		t.Fatalf("ROW at %d (%v), want last", row, ok)
	}
	for i := range d.Countries {
		if d.IsAggregate(i) != (i == row) {
			t.Errorf("%s: aggregate %v", d.Countries[i].Code, d.IsAggregate(i))
		}
	}
	if d.Sectors[27].Code != "SERV" || d.Sectors[0].Code != "A01" {
		t.Errorf("sectors %s … %s, want A01 … SERV", d.Sectors[0].Code, d.Sectors[27].Code)
	}
	want := []string{"BSY", "CP", "FGO", "GYY", "IS", "LL", "Shap", "U4"}
	if !slices.Equal(d.ElasticitySets, want) {
		t.Errorf("elasticity sets %v, want %v", d.ElasticitySets, want)
	}
	for s, sec := range d.Sectors {
		if sec.Theta != d.Elasticities["BSY"][s] {
			t.Errorf("sector %s: θ %v, want BSY's %v (the default set)", sec.Code, sec.Theta, d.Elasticities["BSY"][s])
		}
	}
	for g, n := range map[string]int{"EU27": 27, "USMCA": 3, "ASEAN": 10, "G7": 7, "G20": 19} {
		if got := len(d.Groups[g]); got != n {
			t.Errorf("group %s: %d members, want %d", g, got, n)
		}
	}
	if len(d.Countries[row].Groups) != 0 {
		t.Errorf("ROW is in groups %v", d.Countries[row].Groups)
	}
	for _, o := range d.CurrentAccount {
		if i, ok := d.Index(o.Code); !ok || i == row {
			t.Fatalf("current account of %s, which is not an economy of the dataset", o.Code)
		}
	}
	if _, ok := d.Macro["CHN"]; !ok {
		t.Error("no macro row for CHN")
	}
}

// TestICIOShares checks the input–output contract on the embedded data:
// β + Σγ = 1, final demand (absorption less intermediate use) positive in
// every unit and sector, and GDP = Σ_s β·Y.
func TestICIOShares(t *testing.T) {
	d := icio(t)
	N, S := d.N(), d.S()
	gross := make([]float64, N*S)
	absn := make([]float64, N*S)
	for i := range N {
		for j := range N {
			for s := range S {
				k := d.At(i, j, s)
				gross[i*S+s] += d.Trade[k]
				absn[j*S+s] += (1 + d.Tariffs[k]) * d.Trade[k]
			}
		}
	}
	for i, c := range d.Countries {
		va := 0.0
		for s := range S {
			b := d.ValueAdded(i, s)
			sum := b
			for k := range S {
				sum += d.InputShare(i, s, k)
			}
			if !(b > 0 && b <= 1) || math.Abs(sum-1) > 1e-6 {
				t.Errorf("%s %s: β %v, β+Σγ %v", c.Code, d.Sectors[s].Code, b, sum)
			}
			va += b * gross[i*S+s]
			inter := 0.0
			for k := range S {
				inter += d.InputShare(i, k, s) * gross[i*S+k]
			}
			if fin := absn[i*S+s] - inter; fin < 0 {
				t.Errorf("%s %s: final demand %v (absorption %v, intermediate use %v)", c.Code, d.Sectors[s].Code, fin, absn[i*S+s], inter)
			}
		}
		if math.Abs(va-c.GDP) > 1e-6*c.GDP {
			t.Errorf("%s: gdp %v, Σβ·Y %v", c.Code, c.GDP, va)
		}
	}
	// The units with the source's rest-of-world shares are calibrated to
	// their WEO 2022 GDP (README): Vietnam's value added was 1.78 × GDP.
	if v, _ := d.Index("VNM"); math.Abs(d.Countries[v].GDP/411000-1) > 1e-6 {
		t.Errorf("VNM gdp %v, want WEO 2022 411,000", d.Countries[v].GDP)
	}
}

// TestICIOTariffs checks the tariff repairs the README documents.
func TestICIOTariffs(t *testing.T) {
	d := icio(t)
	serv := d.S() - 1
	usa, _ := d.Index("USA")
	row, _ := d.Index("ROW")
	food := slices.IndexFunc(d.Sectors, func(s data.Sector) bool { return s.Code == "C10T12" })
	var num, den float64
	for i := range d.Countries {
		for j := range d.Countries {
			if r := d.Tariffs[d.At(i, j, serv)]; r != 0 {
				t.Fatalf("services tariff %v of %s on %s, want 0", r, d.Countries[j].Code, d.Countries[i].Code)
			}
		}
		if i == usa {
			continue
		}
		// The MFN part: the rate less the pre-2025 duty the build adds
		// (TestUSDutiesInBaseline).
		r := d.Tariffs[d.At(i, usa, food)] - recordDuty(t, d, i)["C10T12"]/100
		// The highest partner MFN average in the compiled table is 6.469%.
		if r > 0.06469+1e-6 {
			t.Errorf("US food tariff on %s %v, above every MFN average", d.Countries[i].Code, r)
		}
		num += r * d.Trade[d.At(i, usa, food)]
		den += d.Trade[d.At(i, usa, food)]
	}
	if avg := 100 * num / den; math.Abs(avg-1.30) > 0.01 {
		t.Errorf("US food tariff, trade-weighted %.3f%%, want 1.30%% (README)", avg)
	}
	chn, _ := d.Index("CHN")
	if d.Tariffs[d.At(row, usa, 0)] == 0 || d.Tariffs[d.At(chn, row, food)] != 0.0803 {
		t.Errorf("ROW tariffs: US on ROW %v, ROW on CHN food %v; want > 0 and 8.03%%", d.Tariffs[d.At(row, usa, 0)], d.Tariffs[d.At(chn, row, food)])
	}
}

// TestICIOMembers checks that ROW stands for exactly the world-2023
// economies that are not units of icio-2022.
func TestICIOMembers(t *testing.T) {
	d := icio(t)
	w, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	members := d.Members["ROW"]
	if len(members) != 116 || len(d.Members) != 1 {
		t.Fatalf("ROW has %d members (%d aggregates), want 116 (1)", len(members), len(d.Members))
	}
	for _, c := range w.Countries {
		_, unit := d.Index(c.Code)
		if unit == slices.Contains(members, c.Code) {
			t.Errorf("%s: a unit %v and a member of ROW %v; want exactly one", c.Code, unit, !unit)
		}
	}
	for _, c := range []struct{ code, unit string }{{"ETH", "ROW"}, {"MAC", "ROW"}, {"KEN", "ROW"}} {
		if u, ok := d.UnitOf(c.code); !ok || u != c.unit {
			t.Errorf("UnitOf(%s) = %q, %v; want %s", c.code, u, ok, c.unit)
		}
	}
	if _, ok := d.UnitOf("VNM"); ok {
		t.Error("VNM is a unit, not a member of ROW")
	}
}

func TestEmbeddedNames(t *testing.T) {
	def, _ := data.Default()
	ic := icio(t)
	for _, tc := range []struct {
		name string
		want *data.Dataset
		ok   bool
	}{{"", def, true}, {"embedded", def, true}, {"world-2023", def, true}, {"icio-2022", ic, true}, {"icio2022", nil, false}, {"./icio-2022", nil, false}} {
		d, ok, err := data.Embedded(tc.name)
		if ok != tc.ok || d != tc.want || err != nil {
			t.Errorf("Embedded(%q) = %p, %v, %v; want %p, %v", tc.name, d, ok, err, tc.want, tc.ok)
		}
		if data.IsEmbeddedName(tc.name) != (tc.ok && tc.name != "") {
			t.Errorf("IsEmbeddedName(%q) = %v", tc.name, !tc.ok)
		}
	}
	if !data.IsEmbedded(ic) || !data.IsEmbedded(def) || data.IsEmbedded(ic.Clone()) {
		t.Error("IsEmbedded must be true for the shared datasets and false for a clone")
	}
}

// recordDuty is the additional US duty on partner i of d on the record's
// first date by record row, percent: what the build adds to the US's
// baseline tariffs (an aggregate unit pays its members' mean).
func recordDuty(t *testing.T, d *data.Dataset, i int) map[string]float64 {
	t.Helper()
	eff, err := tariffs.EffectiveOn(tariffs.FirstDate)
	if err != nil {
		t.Fatal(err)
	}
	if m := d.Members[d.Countries[i].Code]; len(m) > 0 {
		return eff.MembersDuty(m, nil)
	}
	duty, _ := eff.Duty(d.Countries[i].Code, nil)
	return duty
}

// TestUSDutiesInBaseline checks that both embedded worlds carry the US's
// pre-2025 duties (Section 232, 301) in their baseline tariffs and say so:
// the applied averages they start from are MFN rates, so China would
// otherwise face the same US tariff as Germany. The figures are the build's
// (dataset READMEs).
func TestUSDutiesInBaseline(t *testing.T) {
	w, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		d                 *data.Dataset
		sector            string // a goods sector to read
		meanPct, chinaPct float64
		revenueUSDbn      float64
	}{
		{w, "", 2.79, 12.91, 82.8},
		{icio(t), "C29", 3.73, 13.77, 93.2},
	} {
		d := tc.d
		if d.USRecordInBaseline != tariffs.FirstDate {
			t.Fatalf("%s: us_record_in_baseline %q, want %s", d.Name, d.USRecordInBaseline, tariffs.FirstDate)
		}
		usa, _ := d.Index("USA")
		chn, _ := d.Index("CHN")
		deu, _ := d.Index("DEU")
		s := max(0, slices.IndexFunc(d.Sectors, func(x data.Sector) bool { return x.Code == tc.sector }))
		row := tariffs.TotalSector
		if d.S() > 1 {
			row = tc.sector
		}
		// On icio-2022 China and Germany face the same Teti rates; China
		// also its 301 duties, Germany (under the 2021 quota arrangement)
		// none. On world-2023 each has its own MFN rate (setUSMFN).
		gap := d.Tariffs[d.At(chn, usa, s)] - d.Tariffs[d.At(deu, usa, s)]
		if d.S() == 1 {
			gap -= 0.025678 - 0.012354 // MFN: China 2.5678%, the EU 1.2354% (setUSMFN)
		}
		if want := recordDuty(t, d, chn)[row] / 100; math.Abs(gap-want) > 2e-6 || want < 0.05 {
			t.Errorf("%s %s: US tariff on China − on Germany = %.6f, want the 301 duty %.6f", d.Name, row, gap, want)
		}
		rows, _, _, _ := tariffs.RecordRows(d.SectorCodes())
		var num, den, rev, numCN, denCN float64
		for i := range d.Countries {
			for s := range d.Sectors {
				if i == usa || rows[s] == "" { // services and B09: no record row
					continue
				}
				x, r := d.Trade[d.At(i, usa, s)], d.Tariffs[d.At(i, usa, s)]
				num, den, rev = num+r*x, den+x, rev+r*x
				if i == chn {
					numCN, denCN = numCN+r*x, denCN+x
				}
			}
		}
		if got := 100 * num / den; math.Abs(got-tc.meanPct) > 0.005 {
			t.Errorf("%s: US tariff on goods %.3f%%, want %.2f%%", d.Name, got, tc.meanPct)
		}
		if got := 100 * numCN / denCN; math.Abs(got-tc.chinaPct) > 0.005 {
			t.Errorf("%s: US tariff on China's goods %.3f%%, want %.2f%%", d.Name, got, tc.chinaPct)
		}
		if got := rev / 1000; math.Abs(got-tc.revenueUSDbn) > 0.05 {
			t.Errorf("%s: US duties %.2f USD bn, want %.1f", d.Name, got, tc.revenueUSDbn)
		}
	}
}
