package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// TestSolveCompetition: model.competition is in the JSON provenance; on the
// one-sector embedded data Krugman competition gives perfect competition's
// results exactly (one σ, so the wage bill is a fixed share of income), and
// without model.io: false it is refused with exit code 2 (the embedded data
// have input–output shares).
func TestSolveCompetition(t *testing.T) {
	dir := t.TempDir()
	const shocks = "shocks:\n  - tariff: {importer: USA, exporter: \"*\", add: 0.2}\n"
	run := func(name, modelYAML string) (map[string]any, error) {
		p := filepath.Join(dir, name+".yaml")
		if err := os.WriteFile(p, []byte("name: "+name+"\nmodel:\n"+modelYAML+shocks), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := runCLI(t, "solve", p, "--format", "json")
		if err != nil {
			return nil, err
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		return doc, nil
	}
	docs := map[string]map[string]any{}
	for name, m := range map[string]string{
		"perfect": "  io: false\n",
		"krugman": "  io: false\n  competition: krugman\n",
	} {
		doc, err := run(name, m)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got := doc["provenance"].(map[string]any)["model"].(map[string]any)["competition"]
		if got != name {
			t.Errorf("%s: provenance model.competition %v", name, got)
		}
		docs[name] = doc
	}
	p, k := docs["perfect"]["countries"].([]any), docs["krugman"]["countries"].([]any)
	for j := range p {
		a, b := p[j].(map[string]any), k[j].(map[string]any)
		if d := a["welfare_pct"].(float64) - b["welfare_pct"].(float64); math.Abs(d) > 1e-9 {
			t.Errorf("%s: welfare perfect %v, krugman %v", a["code"], a["welfare_pct"], b["welfare_pct"])
		}
	}
	_, err := run("refused", "  competition: krugman\n")
	if errs.ExitCode(err) != 2 || err == nil || !strings.Contains(err.Error(), "model.io: false") {
		t.Errorf("krugman on input–output data: exit %d (%v), want 2 and the fix", errs.ExitCode(err), err)
	}
}
