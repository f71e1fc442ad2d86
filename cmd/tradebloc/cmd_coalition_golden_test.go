package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// TestCoalitionMainJobGolden pins the main job's answers on the embedded
// data: the stable set, the leading coalition with and without China's
// answer, the accession path and the required threats, as `coalition
// coalition-of-the-compelled --format json` prints them. Welfare figures are
// compared to 1e-6 pp (the solver converges to 1e-12; the warm-start path
// may move the last digits). Rewrite with -update after a deliberate change,
// and list the changes in the commit.
func TestCoalitionMainJobGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("the main job solves about 10,000 equilibria")
	}
	out, err := runCLI(t, "coalition", "coalition-of-the-compelled", "--format", "json", "--no-bands")
	if err != nil {
		t.Fatal(err)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	pick := map[string]any{}
	for _, k := range []string{"stable_count", "stable", "accession_path", "accession_final", "required_threat_pct", "leading_source",
		"candidates_status", "target_response", "target_response_comparison", "counter_bloc"} {
		pick[k] = rep[k]
	}
	leading := rep["leading"].(map[string]any)
	pick["leading"] = map[string]any{"members": leading["members"], "welfare_pct": leading["welfare_pct"], "targets": leading["targets"],
		"transshipment_leakage_pct": leading["transshipment_leakage_pct"], "transshipment_conduits": leading["transshipment_conduits"]}
	path := filepath.Join("testdata", "coalition-main.golden.json")
	if *update {
		b, _ := json.MarshalIndent(pick, "", "  ")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]any
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	// Through JSON once more, so both sides hold the same Go types.
	rb, _ := json.Marshal(pick)
	var got map[string]any
	_ = json.Unmarshal(rb, &got)
	compareJSON(t, "", want, got)
}

// compareJSON reports every difference between two decoded JSON values:
// numbers to 1e-6 (absolute), text exactly.
func compareJSON(t *testing.T, at string, want, got any) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			t.Errorf("%s: want %d keys, got %v", at, len(w), got)
			return
		}
		for k, v := range w {
			compareJSON(t, at+"."+k, v, g[k])
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			t.Errorf("%s: want %d entries, got %v", at, len(w), got)
			return
		}
		for i := range w {
			compareJSON(t, at+"["+itoa(i)+"]", w[i], g[i])
		}
	case float64:
		g, ok := got.(float64)
		if !ok || math.Abs(g-w) > 1e-6 {
			t.Errorf("%s: want %v, got %v", at, w, got)
		}
	default:
		if want != got {
			t.Errorf("%s: want %v, got %v", at, want, got)
		}
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
