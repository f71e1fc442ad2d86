package report

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestDescribe: what a band's points vary, in words; a bracket of scales
// around the scenario's own θ names them, many scales (draws) or a mix of
// kinds are counted.
func TestDescribe(t *testing.T) {
	for _, c := range []struct {
		pts  []Point
		want string
	}{
		{[]Point{{Theta: 3}, {Theta: 5}}, "θ ∈ {3, 5}"},
		{[]Point{{Elasticities: "CP"}, {Elasticities: "BSY"}}, "elasticities ∈ {CP, BSY}"},
		{[]Point{{ThetaScale: 0.75}, {ThetaScale: 1.25}}, "the scenario's θ × {0.75, 1.25}"},
		{[]Point{{ThetaScale: 0.75}, {Theta: 5}}, "2 points"},
		{[]Point{{ThetaScale: 0.7}, {ThetaScale: 0.8}, {ThetaScale: 0.9}, {ThetaScale: 1.1}, {ThetaScale: 1.2}}, "5 points"},
		{[]Point{{Theta: 4, Deficits: "fixed"}, {Theta: 4, Deficits: "zero"}}, "θ ∈ {4} × deficits ∈ {fixed, zero}"},
		{[]Point{{Elasticities: "BSY"}, {Elasticities: "CP"}, {ServicesThetaScale: 0.5}, {ServicesThetaScale: 2}}, "elasticities ∈ {BSY, CP} and services θ × {0.5, 2}"},
	} {
		if got := Describe(c.pts); got != c.want {
			t.Errorf("Describe(%v) = %q, want %q", c.pts, got, c.want)
		}
	}
}

// TestBandsContainTheCentralResult: welfare need not be monotone in θ, so
// the result at θ = 4 can lie outside the range of θ = 3 and 5 (Ireland
// under liberation-day-retaliation: −2.032% against −2.038% to −2.035%).
// A solve document's bands, in JSON and in the text, span the points and
// the central result and say so; p10–p90 stay the points'; the bands
// attached stay as they are (a server run and the CLI write the same).
func TestBandsContainTheCentralResult(t *testing.T) {
	points := func() *Bands {
		return &Bands{Over: "θ ∈ {3, 5}", Points: []Point{{Theta: 3}, {Theta: 5}}, Countries: map[string]map[string]Band{
			"IRL": {"welfare_pct": NewBand([]float64{-2.038, -2.035}), "imports_pct": NewBand([]float64{-19.0, -20.0})},
			"USA": {"welfare_pct": NewBand([]float64{-0.388, -0.244})},
		}}
	}
	doc := &SolveDoc{Leader: "USA", Target: "IRL", Bands: points(),
		Provenance: Provenance{Model: ModelDoc{TradeElasticity: map[string]float64{"TOT": 4}}},
		Countries: []CountryDoc{
			{Code: "IRL", Name: "Ireland", WelfarePct: -2.032, ImportsPct: -19.35},
			{Code: "USA", Name: "United States", WelfarePct: -0.330},
		}}
	var js strings.Builder
	if err := doc.Write(&js, JSON, 1); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Bands Bands `json:"bands"`
	}
	if err := json.Unmarshal([]byte(js.String()), &got); err != nil {
		t.Fatal(err)
	}
	irl := got.Bands.Countries["IRL"]["welfare_pct"]
	if irl.Min != -2.038 || irl.Max != -2.032 {
		t.Errorf("IRL band %v to %v, want -2.038 to -2.032 (the central -2.032 included)", irl.Min, irl.Max)
	}
	if p := NewBand([]float64{-2.038, -2.035}); irl.P10 != p.P10 || irl.P50 != p.P50 || irl.P90 != p.P90 {
		t.Errorf("percentiles moved: %+v, want the points' %+v", irl, p)
	}
	if im := got.Bands.Countries["IRL"]["imports_pct"]; im.Min != -20 || im.Max != -19 {
		t.Errorf("IRL imports band %v to %v: the central -19.35 is inside, nothing to widen", im.Min, im.Max)
	}
	if !got.Bands.CentralIncluded || got.Bands.CentralPoint != "θ = 4" {
		t.Errorf("JSON central_included %v, central_point %q", got.Bands.CentralIncluded, got.Bands.CentralPoint)
	}
	if b := doc.Bands.Countries["IRL"]["welfare_pct"]; b.Max != -2.035 || doc.Bands.CentralIncluded {
		t.Errorf("the attached bands changed: %+v", b)
	}
	// A document whose JSON is read back and written again: the same.
	var again SolveDoc
	if err := json.Unmarshal([]byte(js.String()), &again); err != nil {
		t.Fatal(err)
	}
	var js2 strings.Builder
	if err := again.Write(&js2, JSON, 1); err != nil || js2.String() != js.String() {
		t.Errorf("JSON written again differs (%v)", err)
	}
	if got, want := doc.bandsText(), "Uncertainty, range over θ ∈ {3, 5} and the central θ = 4: USA real income -0.39% to -0.24%, IRL real income -2.04% to -2.03%.\n"; got != want {
		t.Errorf("bands sentence %q, want %q", got, want)
	}
	if row := strings.Join(doc.countryRow(doc.Countries[0]), "|"); !strings.Contains(row, "-2.038 to -2.032") {
		t.Errorf("IRL row %q: the range printed beside -2.032 must contain it", row)
	}
	// A document with a non-finite number (a change from a zero base, a
	// failed solve) is still written, the number as null, its bands
	// widened all the same.
	bad := *doc
	bad.Countries = []CountryDoc{{Code: "IRL", WelfarePct: -2.032, ImportsPct: math.Inf(1)}, {Code: "USA", WelfarePct: math.NaN()}}
	var nf strings.Builder
	if err := bad.Write(&nf, JSON, 1); err != nil || !strings.Contains(nf.String(), `"imports_pct": null`) || !strings.Contains(nf.String(), `"max": -2.032`) {
		t.Errorf("non-finite document (%v):\n%.900s", err, nf.String())
	}
	// A sectoral world's own θ: no single value to name.
	doc.Provenance.Model.TradeElasticity = map[string]float64{"A01": 4, "C26": 8}
	if got, want := doc.centralBands().Label(), "range over θ ∈ {3, 5}, the central result included"; got != want {
		t.Errorf("sectoral label %q, want %q", got, want)
	}
	// Draws print p10–p90, which the central result may leave: untouched.
	dr := &Bands{Over: "200 draws", Draws: true, Countries: map[string]map[string]Band{"IRL": {"welfare_pct": NewBand([]float64{-3, -2, -1})}}}
	if lo, hi, _ := dr.RangeWith("IRL", "welfare_pct", -0.5); lo != -2.8 || hi != -1.2 {
		t.Errorf("draws range %v to %v, want p10–p90 -2.8 to -1.2", lo, hi)
	}
	if lo, hi, _ := points().RangeWith("IRL", "welfare_pct", -2.032); lo != -2.038 || hi != -2.032 {
		t.Errorf("grid range %v to %v, want -2.038 to -2.032", lo, hi)
	}
}
