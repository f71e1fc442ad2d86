package server

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tradebloc/tradebloc/internal/report"
)

// bandsCoalitionYAML is a 2^4-membership game with a defector penalty, so
// that its stable coalitions can lose their stability at θ = 3 or 5.
const bandsCoalitionYAML = `name: bands-bloc
model: {trade_elasticity: 4}
coalition:
  targets: [CHN]
  candidates: [CAN, MEX, JPN, VNM]
  member_terms: {rate: 0.10}
  threat: {schedule: liberation-day}
  defector_penalty: 0.10
`

// TestBrowserBands: the welfare chart of a solve draws each country's band
// as a whisker spanning exactly the API's band, and the coalition page shows
// the stable share next to each stable coalition.
func TestBrowserBands(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ts := newTestServer(t, Config{})
	solve := ts.post(t, map[string]any{"kind": "solve", "builtin": "liberation-day"})
	coal := ts.post(t, map[string]any{"kind": "coalition", "scenario_yaml": bandsCoalitionYAML})
	plain := ts.post(t, map[string]any{"kind": "solve", "builtin": "liberation-day", "no_bands": true})
	for _, id := range []string{solve, coal, plain} {
		ts.wait(t, id, 120*time.Second)
	}
	result := func(id string, v any) {
		t.Helper()
		var doc RunDoc
		ts.do(t, "GET", "/api/v1/runs/"+id, nil, &doc)
		if err := json.Unmarshal(doc.Result, v); err != nil {
			t.Fatal(err)
		}
	}
	var sres struct {
		Bands *report.Bands `json:"bands"`
	}
	result(solve, &sres)
	var pres map[string]any
	result(plain, &pres)
	if _, ok := pres["bands"]; ok || sres.Bands == nil {
		t.Fatalf("bands: %v with no_bands, %v without", pres["bands"], sres.Bands)
	}

	ctx, base := openBrowser(t, ts, 1366, 900, 90*time.Second)
	poll := func(what, cond string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
			t.Fatalf("browser: waiting for %s: %v", what, err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/runs/"+solve)); err != nil {
		t.Fatal(err)
	}
	poll("whiskers", `document.querySelectorAll("#welfare-chart g.whisker").length > 0`)
	type whisker struct{ Code, Lo, Hi string }
	ws, err := chromedp.Run(ctx, chromedp.Evaluate[[]whisker](`[...document.querySelectorAll("#welfare-chart g.whisker")].map(g => ({Code: g.dataset.code, Lo: g.dataset.lo, Hi: g.dataset.hi}))`))
	if err != nil {
		t.Fatal(err)
	}
	bars, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#welfare-chart rect.bar").length`))
	if len(ws) != bars {
		t.Errorf("%d whiskers for %d bars", len(ws), bars)
	}
	for _, w := range ws {
		b := sres.Bands.Countries[w.Code]["welfare_pct"]
		lo, _ := strconv.ParseFloat(w.Lo, 64)
		hi, _ := strconv.ParseFloat(w.Hi, 64)
		if math.Abs(lo-b.Min) > 1e-12 || math.Abs(hi-b.Max) > 1e-12 || !(lo < hi) {
			t.Errorf("%s whisker %s to %s, API band %g to %g", w.Code, w.Lo, w.Hi, b.Min, b.Max)
		}
	}

	var cres struct {
		Stable []struct {
			StableShare *float64 `json:"stable_share"`
		} `json:"stable"`
	}
	result(coal, &cres)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/runs/"+coal)); err != nil {
		t.Fatal(err)
	}
	poll("stable shares", `document.querySelectorAll(".stable-share").length > 0`)
	shares, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".stable-share")].map(e => e.dataset.share + "|" + e.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(shares) != len(cres.Stable) || len(shares) == 0 {
		t.Fatalf("%d stable shares shown for %d stable coalitions", len(shares), len(cres.Stable))
	}
	for k, sh := range shares {
		data, text, _ := strings.Cut(sh, "|")
		want := *cres.Stable[k].StableShare
		got, err := strconv.ParseFloat(data, 64)
		if err != nil || got != want || !strings.HasPrefix(text, strconv.Itoa(int(math.Round(want*2)))+" of 2 ") {
			t.Errorf("coalition %d: shown %q (data %s), API stable_share %g", k, text, data, want)
		}
	}
}
