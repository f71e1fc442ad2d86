package build

import (
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/testutil"
)

func TestBuildReport(t *testing.T) {
	d, rep, err := BuildReport(filepath.Join(testutil.SharedDir(t), "data", "compiled"))
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range rep.GDPSources {
		total += n
	}
	if total != d.N() || d.N() != 195 {
		t.Errorf("GDP sources cover %d economies, dataset has %d, want 195", total, d.N())
	}
	// GDP sources, as listed in world2023/README.md (WEO 2023: 88 + Taiwan
	// + Venezuela, whose WDI column is stale: TestGDPNearWEO).
	wantSources := map[string]int{GDPWDI: 95, GDPWEO2023: 90, "WEO-2019": 1, GDPImputed: 9}
	if !maps.Equal(rep.GDPSources, wantSources) {
		t.Errorf("GDP sources %v, want %v (update world2023/README.md if this changes)", rep.GDPSources, wantSources)
	}
	var imputed []string
	for c, src := range rep.GDPSource {
		if src == GDPImputed {
			imputed = append(imputed, c)
		}
	}
	slices.Sort(imputed)
	if want := []string{"BMU", "CUW", "CYM", "GRL", "NCL", "PYF", "SXM", "SYR", "TCA"}; !slices.Equal(imputed, want) {
		t.Errorf("imputed GDP for %v, want %v", imputed, want)
	}
	if rep.GDPSource["ERI"] != "WEO-2019" || rep.GDPSource["USA"] != GDPWDI || rep.GDPSource["SDN"] != GDPWEO2023 || rep.GDPSource["TWN"] != GDPWEO2023 {
		t.Errorf("GDP source ERI %q, USA %q, SDN %q, TWN %q", rep.GDPSource["ERI"], rep.GDPSource["USA"], rep.GDPSource["SDN"], rep.GDPSource["TWN"])
	}
	twn, ok := d.Index("TWN")
	if !ok || d.Countries[twn].Name != "Taiwan" || d.Countries[twn].GDP != 757000 {
		t.Fatalf("Taiwan: present %v, %+v; want name Taiwan, GDP 757,000 (WEO 2023)", ok, d.Countries[min(max(twn, 0), d.N()-1)])
	}
	// Step 4: every constrained economy has its target, TWN its customs
	// totals, the others the repaired gross trade with the BoP balance.
	if len(rep.Constrained) != 62 || !slices.Equal(rep.NoTarget, []string{"ARE", "IRN", "PRI", "SDN"}) {
		t.Errorf("%d constrained economies, without a figure %v; want 62 and [ARE IRN PRI SDN]", len(rep.Constrained), rep.NoTarget)
	}
	if rep.Targets["TWN"] != (Totals{432480, 351620}) {
		t.Errorf("TWN targets %+v, want MOF customs exports 432,480 and imports 351,620", rep.Targets["TWN"])
	}
	for _, c := range rep.Constrained {
		i, _ := d.Index(c)
		want := rep.Targets[c]
		if math.Abs(d.Exports(i)-want.Exports) > 0.01 || math.Abs(d.Imports(i)-want.Imports) > 0.01 {
			t.Errorf("%s: exports %.3f imports %.3f, want %.3f and %.3f", c, d.Exports(i), d.Imports(i), want.Exports, want.Imports)
		}
		if c == "TWN" {
			continue
		}
		if r := rep.Repaired[c]; math.Abs(want.Exports+want.Imports-r.Exports-r.Imports) > 1e-6*(r.Exports+r.Imports) {
			t.Errorf("%s: target gross trade %.0f, repaired %.0f", c, want.Exports+want.Imports, r.Exports+r.Imports)
		}
	}
	if rep.RASSweeps < 1 || rep.RASGap > RASTolerance {
		t.Errorf("RAS: %d sweeps, gap %g", rep.RASSweeps, rep.RASGap)
	}
	// Step 2: the block is filled; numbers as quoted in world2023/README.md.
	if rep.BlockPairs != 342 || math.Abs(rep.BlockFilled-272010) > 1 {
		t.Errorf("block: %d pairs, %.0f filled; want 342 and 272,010", rep.BlockPairs, rep.BlockFilled)
	}
	if math.Abs(rep.Bridge.Overall-1.3318) > 1e-4 {
		t.Errorf("overall bridge %.4f, want 1.3318", rep.Bridge.Overall)
	}
	// Step 5: ICIO domestic sales for the 79 ICIO economies (incl. TWN), no floor.
	if len(rep.DomesticFromICIO) != 79 || !slices.Contains(rep.DomesticFromICIO, "TWN") || math.Abs(rep.DomesticMedian-1.4877) > 1e-4 {
		t.Errorf("domestic: %d from ICIO, median %.4f; want 79 incl. TWN and 1.4877", len(rep.DomesticFromICIO), rep.DomesticMedian)
	}
	if rep.DomesticFit.R2 > 0.01 {
		t.Errorf("domestic/GDP on imports/GDP: R² %.3f, README says ≈ 0", rep.DomesticFit.R2)
	}
	for i, c := range d.Countries {
		if !(c.GDP > 0) || !(d.Domestic(i) > 0) {
			t.Errorf("%s: GDP %v, domestic sales %v", c.Code, c.GDP, d.Domestic(i))
		}
	}
	var flagged []string
	for _, f := range rep.Flags {
		flagged = append(flagged, f.Code)
	}
	if want := []string{"MHL", "LBR", "DJI", "GMB", "KGZ", "YEM", "TGO", "ATG"}; !slices.Equal(flagged, want) {
		t.Errorf("flagged %v, want %v (update world2023/README.md if this changes)", flagged, want)
	}
	if rep.TariffMedianPct != 3.66 || len(rep.TariffFallback) != 100 || !slices.Contains(rep.TariffFallback, "TWN") {
		t.Errorf("tariff fallback: median %v%% for %d importers, want 3.66%% for 100 incl. TWN (README)", rep.TariffMedianPct, len(rep.TariffFallback))
	}
	checkTariffFallbackRecord(t, d, rep)
	for _, g := range groups {
		for _, m := range g.members {
			if _, ok := d.Index(m); !ok && m != "LIE" && m != "STP" {
				t.Errorf("group %s: %s is not among the 195 economies", g.name, m)
			}
		}
	}
	if d.Version != Version || Version != 5 {
		t.Errorf("version %d, want 5", d.Version)
	}
	// Step 1: Kazakhstan's flows with "Gambia" are Georgia's (miscoded).
	gmb, _ := d.Index("GMB")
	kaz, _ := d.Index("KAZ")
	geo, _ := d.Index("GEO")
	if x, y := d.Trade[d.At(gmb, kaz, 0)], d.Trade[d.At(kaz, gmb, 0)]; x != 0 || y != 0 || len(rep.Recoded) != 2 ||
		math.Abs(rep.Recoded[0].Value-2907.7) > 0.1 || math.Abs(rep.Recoded[1].Value-671.5) > 0.1 {
		t.Errorf("GMB→KAZ %v, KAZ→GMB %v, recoded %+v; want 0, 0 and 2,907.7 and 671.5 moved to GEO", x, y, rep.Recoded)
	}
	if x := d.Trade[d.At(geo, kaz, 0)]; x < 2907.7+70.7-1 {
		t.Errorf("GEO→KAZ %v, want at least BACI's 70.7 plus the 2,907.7 moved (RAS may scale it)", x)
	}
	// Step 2's holes: 12 pairs of energy and ores, none with an exempt
	// economy, $91.1 bn added before RAS; SAU→KOR 1.2 bn in BACI, 30.0
	// bridged. Cambodia's farm goods to Vietnam (BACI 1.6, bridged 9.7)
	// are not energy: BACI's flow stays.
	if len(rep.Holes) != 12 || math.Abs(rep.HolesAdded-91140) > 1 {
		t.Errorf("holes: %d pairs, %.0f added; want 12 and 91,140 (README)", len(rep.Holes), rep.HolesAdded)
	}
	for _, h := range rep.Holes {
		if h.Exporter == "KHM" || h.Exporter == "IRL" || h.Exporter == "CHE" {
			t.Errorf("hole %+v: not energy or ores, BACI's flow should stay", h)
		}
	}
	for _, h := range rep.Holes {
		if slices.Contains(holeExempt, h.Exporter) || slices.Contains(holeExempt, h.Importer) || !(h.Filled > HoleMinICIO && h.BACI < HoleMaxShare*h.Filled) {
			t.Errorf("hole %+v breaks the rule", h)
		}
	}
	sau, _ := d.Index("SAU")
	kor, _ := d.Index("KOR")
	if x := d.Trade[d.At(sau, kor, 0)]; x < 25000 {
		t.Errorf("SAU→KOR %.0f, want ICIO's bridged ≈ 30,000 after RAS", x)
	}
	// Step 6: the US's own rates by partner, then the pre-2025 US duties
	// (Section 232, 301). The MFN rates, trade-weighted with FTA partners
	// at 0, come to 1.21% against the WDI applied average's 1.05% on the
	// same flows (1.49% outside USMCA); China goes from its MFN rate to
	// that plus its 301 duties; the US's duties on its goods imports, Σ t·X,
	// to $82.8 bn (US customs duties, fiscal 2023: about $80 bn).
	if m := rep.USMFN; m.FTAZero != 20 || m.TableRows != 35 || math.Abs(m.FallbackPct-2.12) > 0.005 ||
		math.Abs(m.WDIPct-1.05) > 0.005 || math.Abs(m.MeanPct-1.21) > 0.005 {
		t.Errorf("US MFN %+v; want 20 FTA partners at 0, 35 own rows, fallback 2.12%%, 1.05%% → 1.21%% (README)", m)
	}
	if u := rep.USDuties; u.Partners != 38 || math.Abs(u.MeanBeforePct-1.21) > 0.005 || math.Abs(u.MeanAfterPct-2.79) > 0.005 ||
		math.Abs(u.ChinaBeforePct-2.57) > 0.005 || math.Abs(u.ChinaAfterPct-12.91) > 0.005 ||
		math.Abs(u.RevenueBefore-35974) > 1 || math.Abs(u.RevenueAfter-82814) > 1 || d.USRecordInBaseline != USDutyAnchor {
		t.Errorf("US duties %+v, dataset says %q; want 38 partners, 1.21%% → 2.79%%, China 2.57%% → 12.91%%, 35,974 → 82,814 (README)", u, d.USRecordInBaseline)
	}
	// Step 4's anchor: every US flow with a BACI partner is BACI's times one
	// factor per direction, so RAS has not moved the US's partner shares.
	_, flows, err := readBACI(filepath.Join(testutil.SharedDir(t), "data", "compiled"))
	if err != nil {
		t.Fatal(err)
	}
	us, _ := d.Index(AnchorEconomy)
	checked := 0
	for _, f := range flows {
		i, ok1 := d.Index(f.exporter)
		j, ok2 := d.Index(f.importer)
		if !ok1 || !ok2 || (i != us && j != us) || i == j || f.value < 1 {
			continue
		}
		scale := rep.AnchorExportScale
		if j == us {
			scale = rep.AnchorImportScale
		}
		if got := d.Trade[i*d.N()+j]; math.Abs(got/(f.value*scale)-1) > 1e-6 {
			t.Errorf("%s→%s: %.3f, BACI %.3f × %.6f", f.exporter, f.importer, got, f.value, scale)
		}
		checked++
	}
	if checked < 300 || math.Abs(rep.AnchorExportScale-1) > 0.01 || math.Abs(rep.AnchorImportScale-1) > 0.01 {
		t.Errorf("%d US flows checked; anchor factors %.6f, %.6f (README: 1.000945, 0.999395)", checked, rep.AnchorExportScale, rep.AnchorImportScale)
	}
	// What the anchor repairs: Singapore runs a goods deficit with the US,
	// as in US Census data (a surplus of 12.5 bn in version 2).
	sgp, _ := d.Index("SGP")
	if bal := d.Trade[sgp*d.N()+us] - d.Trade[us*d.N()+sgp]; bal >= 0 {
		t.Errorf("Singapore's goods balance with the US %+.0f USD mn, want a deficit", bal)
	}
}

// TestBlockFillRealData checks the fill of the missing block on the real
// inputs against the figure the issue quotes: KOR→VNM ≈ 62.6 bn before RAS
// (ICIO 51.8 bn × √(kX(KOR)·kM(VNM))).
func TestBlockFillRealData(t *testing.T) {
	compiled := filepath.Join(testutil.SharedDir(t), "data", "compiled")
	codes, flows, err := readBACI(compiled)
	if err != nil {
		t.Fatal(err)
	}
	ic, err := readICIO(ICIODir(compiled))
	if err != nil {
		t.Fatal(err)
	}
	baci := newMatrix(codes)
	for _, f := range flows {
		baci.set(f.exporter, f.importer, f.value)
	}
	block := map[string]bool{}
	for _, c := range missingBlock {
		block[c] = true
	}
	br, err := bridgeFactors(baci, ic, block)
	if err != nil {
		t.Fatal(err)
	}
	m := baci.clone()
	if _, err := fillBlock(m, baci, ic, missingBlock, br); err != nil {
		t.Fatal(err)
	}
	if got := ic.goodsFlow("KOR", "VNM"); math.Abs(got-51800) > 100 {
		t.Errorf("ICIO KOR→VNM %.0f, want ≈ 51,800", got)
	}
	if got := m.at("KOR", "VNM"); math.Abs(got-62600) > 100 {
		t.Errorf("filled KOR→VNM %.0f, want ≈ 62,600", got)
	}
}

func TestBuildMissingInput(t *testing.T) {
	if _, err := Build(t.TempDir()); err == nil {
		t.Fatal("Build of an empty directory succeeded")
	}
}

// TestBuildReadsOnlyItsInputs copies the compiled tables and the two ICIO
// files, and nothing else, to a temporary tree: the generator must still
// produce the same dataset, proving it reads nothing more from
// ../shared/data/external.
func TestBuildReadsOnlyItsInputs(t *testing.T) {
	src := filepath.Join(testutil.SharedDir(t), "data", "compiled")
	dst := filepath.Join(t.TempDir(), "data", "compiled")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(ICIODir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{icioTradeFile, icioCountriesFile} {
		b, err := os.ReadFile(filepath.Join(ICIODir(src), f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ICIODir(dst), f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := Build(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Build(dst)
	if err != nil {
		t.Fatalf("build from compiled tables and ICIO files alone: %v", err)
	}
	if fmt.Sprintf("%+v", *got) != fmt.Sprintf("%+v", *want) {
		t.Error("build from a copy of its inputs alone differs from the build in ../shared")
	}
}

func TestImputeGDP(t *testing.T) {
	// Ten known economies with imports/GDP 0.1…1.0 (imports 1…10), in
	// classes of two: class 1 = {1, 2} has median ratio 0.15.
	gdp := map[string]float64{}
	var flows []flow
	for k := 1; k <= 10; k++ {
		c := fmt.Sprintf("K%02d", k)
		gdp[c] = 10
		flows = append(flows, flow{"X", c, float64(k)})
	}
	flows = append(flows, flow{"X", "NEW", 1.5}, flow{"X", "BIG", 100})
	got, ratios := imputeGDP(gdp, []string{"NEW", "BIG"}, flows)
	if math.Abs(got["NEW"]-10) > 1e-9 {
		t.Errorf("NEW: GDP %v, want 1.5 / 0.15 = 10", got["NEW"])
	}
	// BIG is above every known economy: top class {9, 10}, ratio 0.95.
	if math.Abs(got["BIG"]-math.Round(100/0.95*1000)/1000) > 1e-9 {
		t.Errorf("BIG: GDP %v, want 100 / 0.95", got["BIG"])
	}
	if len(ratios) != 2 {
		t.Errorf("ratios %v, want two classes", ratios)
	}
}

// checkTariffFallbackRecord: the dataset records exactly the importers the
// build gave the median (dataset.yaml tariff_fallback), and what it says of
// them is what tariffs.csv holds: each charges the median on every partner
// outside its free-trade zones and 0 inside, so the 9 in a zone (EAEU,
// SACU, MERCOSUR) got no group figure, only a duty-free zone.
func checkTariffFallbackRecord(t *testing.T, d *data.Dataset, rep *Report) {
	t.Helper()
	tf := d.TariffFallback
	if tf.Pct != rep.TariffMedianPct || !slices.Equal(tf.Importers, rep.TariffFallback) || tf.Method != tariffFallbackMethod {
		t.Fatalf("dataset's tariff_fallback %+v, want the report's %v at %v%%", tf, rep.TariffFallback, rep.TariffMedianPct)
	}
	usa, _ := d.Index("USA")
	if d.IsTariffFallback("BHR") || d.Macro["BHR"].TariffAppliedWtd != 3.66 {
		t.Errorf("Bahrain: fallback %v, own average %v; want its own 3.66%%", d.IsTariffFallback("BHR"), d.Macro["BHR"].TariffAppliedWtd)
	}
	zone := zoneMembership(d)
	rate := math.Round(tf.Pct*1e4) / 1e6
	var inZone []string
	for _, code := range tf.Importers {
		j, _ := d.Index(code)
		if len(zone[j]) > 0 {
			inZone = append(inZone, code)
		}
		for i := range d.Countries {
			want := rate
			if i == j || sharesZone(zone[i], zone[j]) || (i == usa && slices.Contains(usFTAPartners, code)) {
				want = 0
			}
			if got := d.Tariffs[d.At(i, j, 0)]; got != want {
				t.Fatalf("%s's tariff on %s = %v, want %v", code, d.Countries[i].Code, got, want)
			}
		}
	}
	if want := []string{"ARM", "BLR", "BWA", "KGZ", "LSO", "NAM", "PRY", "SWZ", "URY"}; !slices.Equal(inZone, want) {
		t.Errorf("fallback importers in a free-trade zone %v, want %v (docs/datasets.md)", inZone, want)
	}
	for _, code := range []string{"CRI", "DOM", "GTM", "HND", "PAN", "SLV"} {
		if !strings.Contains(tf.Note, code) {
			t.Errorf("note %q does not name the US FTA partner %s", tf.Note, code)
		}
	}
}

// TestTariffFallbackRecord: no record without fallback importers; the note
// names the US's FTA partners among them and is empty when there are none.
func TestTariffFallbackRecord(t *testing.T) {
	if tf := tariffFallback(nil, 3.66); len(tf.Importers) != 0 || tf.Pct != 0 || tf.Note != "" {
		t.Errorf("no importers: record %+v, want none", tf)
	}
	tf := tariffFallback([]string{"TWN", "CRI", "IRQ", "PAN"}, 3.66)
	if tf.Pct != 3.66 || !slices.Equal(tf.Importers, []string{"TWN", "CRI", "IRQ", "PAN"}) ||
		!strings.Contains(tf.Note, "of the 4 importers given it") || !strings.Contains(tf.Note, "(CRI, PAN)") || !strings.Contains(tf.Note, "not 3.66%") {
		t.Errorf("record %+v", tf)
	}
	if tf := tariffFallback([]string{"TWN", "IRQ"}, 3.66); tf.Note != "" {
		t.Errorf("no US FTA partner among them: note %q", tf.Note)
	}
}
