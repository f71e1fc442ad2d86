package server

import (
	"encoding/json"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/store"
)

// threeSectorDataset writes a small three-economy, three-sector dataset
// with input–output shares into dir/name.
func threeSectorDataset(t *testing.T, dir, name string) {
	t.Helper()
	d := &data.Dataset{Name: name, Unit: "USD billion",
		Countries: []data.Country{{Code: "USA", Name: "United States"}, {Code: "CHN", Name: "China"}, {Code: "MEX", Name: "Mexico"}},
		Sectors:   []data.Sector{{Code: "AGR", Name: "Agriculture", Theta: 6}, {Code: "MAN", Name: "Manufacturing", Theta: 4}, {Code: "SRV", Name: "Services", Theta: 8}},
	}
	N, S := 3, 3
	d.Trade = make([]float64, N*N*S)
	d.Tariffs = make([]float64, N*N*S)
	home := []float64{300, 900, 2500}
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			for s := 0; s < S; s++ {
				v := 10.0 + float64(5*(i+1)*(s+1))
				if s == 2 {
					v = 2
				}
				if i == j {
					v = home[s] * float64(3-i)
				}
				d.Trade[d.At(i, j, s)] = v
			}
		}
	}
	d.VA = make([]float64, N*S)
	d.IO = make([]float64, N*S*S)
	for i := 0; i < N; i++ {
		for s := 0; s < S; s++ {
			d.VA[i*S+s] = 0.6
			d.IO[(i*S+s)*S+s] = 0.4 // own-sector inputs: intermediate use stays below absorption
		}
	}
	if err := data.Export(d, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserSectorChart: a solve on a multi-sector dataset shows a sector
// chart for a chosen country and measure, matching the run's JSON.
func TestBrowserSectorChart(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	dataDir := t.TempDir()
	threeSectorDataset(t, dataDir, "three")
	ts := newTestServer(t, Config{DataDir: dataDir})
	b, _ := json.Marshal(map[string]any{"kind": "solve", "scenario": map[string]any{"name": "three-sectors", "data": "three",
		"shocks": []any{map[string]any{"tariff": map[string]any{"importer": "USA", "exporter": "CHN", "rate": 0.3}}}}})
	id := ts.post(t, string(b))
	doc := ts.wait(t, id, 30*time.Second)
	if doc.Status != store.Done {
		t.Fatalf("run: %s: %v", doc.Status, *doc.Error)
	}
	var res struct {
		Countries []struct {
			Code    string `json:"code"`
			Sectors []struct {
				Code      string  `json:"code"`
				OutputPct float64 `json:"output_pct"`
				PricePct  float64 `json:"price_index_pct"`
			} `json:"sectors"`
		} `json:"countries"`
	}
	if err := json.Unmarshal(doc.Result, &res); err != nil {
		t.Fatal(err)
	}
	ctx, base := openBrowser(t, ts, 1200, 900, 45*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/runs/"+id), chromedp.WaitVisible(chromedp.CSS(`#sector-chart rect.bar`))); err != nil {
		t.Fatalf("browser: %v", err)
	}
	type chart struct {
		Title string
		Codes []string
		Vals  []string
	}
	read := func() chart {
		t.Helper()
		c, err := chromedp.Run(ctx, chromedp.Evaluate[chart](`(() => {
			const svg = document.querySelector("#sector-chart");
			const rects = [...svg.querySelectorAll("rect.bar")];
			return { Title: svg.getAttribute("aria-label"), Codes: rects.map(r => r.dataset.code), Vals: rects.map(r => r.dataset.value) };
		})()`))
		if err != nil {
			t.Fatalf("browser: %v", err)
		}
		return c
	}
	check := func(c chart, code string, price bool) {
		t.Helper()
		if len(c.Codes) != 3 {
			t.Fatalf("sector chart of %s has %d bars, want 3", code, len(c.Codes))
		}
		for _, cr := range res.Countries {
			if cr.Code != code {
				continue
			}
			for k, sc := range c.Codes {
				for _, s := range cr.Sectors {
					want := s.OutputPct
					if price {
						want = s.PricePct
					}
					got, err := strconv.ParseFloat(c.Vals[k], 64)
					if s.Code == sc && (err != nil || math.Abs(got-want) > 1e-9) {
						t.Errorf("%s %s: bar %s, JSON %v", code, sc, c.Vals[k], want)
					}
				}
			}
		}
	}
	c := read()
	if !strings.Contains(c.Title, "United States") || !strings.Contains(c.Title, "gross output") {
		t.Errorf("default sector chart %q: want the leader's gross output", c.Title)
	}
	check(c, "USA", false)
	// Choosing another country and measure redraws the chart.
	for _, js := range []string{
		`(() => { const s = document.querySelector("#sector-country"); s.value = "CHN"; s.dispatchEvent(new Event("change")); })()`,
		`(() => { const s = document.querySelector("#sector-measure"); s.value = "price_index_pct"; s.dispatchEvent(new Event("change")); })()`,
	} {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](js)); err != nil {
			t.Fatalf("browser: %v", err)
		}
	}
	c = read()
	if !strings.Contains(c.Title, "China") || !strings.Contains(c.Title, "price index") {
		t.Errorf("after choosing China and prices the chart is %q", c.Title)
	}
	check(c, "CHN", true)
}
