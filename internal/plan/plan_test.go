package plan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
)

func smallRun(t *testing.T, seed uint64) *Report {
	t.Helper()
	pl, ok := Builtin("after-the-ruling")
	if !ok {
		t.Fatal("no built-in after-the-ruling")
	}
	pl.Rounds, pl.SignpostRound = 3, 1
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), pl, ds, Options{Draws: 6, Seed: seed, HasSeed: true})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestSameSeedSameOutput: the JSON is identical but for the timings.
func TestSameSeedSameOutput(t *testing.T) {
	a, b := smallRun(t, 7), smallRun(t, 7)
	for _, r := range []*Report{a, b} {
		r.Seconds, r.SolvesPerSecond = 0, 0
		if r.Coalition != nil {
			r.Coalition.Seconds = 0
		}
	}
	var ja, jb bytes.Buffer
	if err := report.WriteJSON(&ja, a); err != nil {
		t.Fatal(err)
	}
	if err := report.WriteJSON(&jb, b); err != nil {
		t.Fatal(err)
	}
	if ja.String() != jb.String() {
		t.Error("same seed, different output")
	}
	sum := 0.0
	for _, br := range a.Branches {
		sum += br.Probability
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("probabilities sum to %v", sum)
	}
	var doc map[string]any
	if err := json.Unmarshal(ja.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"plan", "seed", "draws", "seconds", "branches"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("JSON has no %q", k)
		}
	}
	for _, br := range doc["branches"].([]any) {
		for _, k := range []string{"name", "probability", "outcomes", "signposts"} {
			if _, ok := br.(map[string]any)[k]; !ok {
				t.Errorf("branch has no %q", k)
			}
		}
	}
	// The branches must differ where their moves say they do.
	for _, br := range a.Branches {
		if br.Name == "canada-holds-out" && br.Outcomes.MembershipFrequency["CAN"] != 0 {
			t.Errorf("Canada holds out but joins in %v of draws", br.Outcomes.MembershipFrequency["CAN"])
		}
		// A coalition branch's event, a bloc forms, happens at least as
		// often as any one member joins; a scripted branch has none.
		if (br.EventFrequency != nil) != br.Coalition {
			t.Errorf("%s (coalition %v): event frequency %v", br.Name, br.Coalition, br.EventFrequency)
			continue
		}
		for p, f := range br.Outcomes.MembershipFrequency {
			if br.EventFrequency != nil && f > *br.EventFrequency {
				t.Errorf("%s: %s joins in %v of draws, a bloc forms in %v", br.Name, p, f, *br.EventFrequency)
			}
		}
		if br.EventFrequency != nil && br.RareEvent != (*br.EventFrequency < MinEventFrequency) {
			t.Errorf("%s: bloc in %v of draws, flagged %v", br.Name, *br.EventFrequency, br.RareEvent)
		}
	}
}

func TestParseErrorsNameFileLineField(t *testing.T) {
	cases := []struct {
		src, field string
		line       int
	}{
		{"branches:\n  - name: a\n    probability: 0.5\n  - name: b\n    probability: 0.4\n", "branches", 2},
		{"draws: many\nbranches: [{name: a, probability: 1}]\n", "draws", 1},
		{"branches:\n  - name: a\n    probability: 1\n    moves:\n      - {player: CAN, action: dance}\n", "branches[0].moves[0].action", 5},
		{"parameters:\n  trade_elasticity: {low: 5, high: 3}\nbranches: [{name: a, probability: 1}]\n", "parameters.trade_elasticity.high", 2},
		{"branches:\n  - name: a\n    probabilty: 1\n", "branches[0].probabilty", 3},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.src), "p.yaml")
		var e *errs.Error
		if !errors.As(err, &e) {
			t.Errorf("%q: error %v", c.src, err)
			continue
		}
		if e.File != "p.yaml" || e.Line != c.line || e.Field != c.field || errs.ExitCode(err) != 2 {
			t.Errorf("%q: got %s (line %d field %q), want line %d field %q", c.src, err, e.Line, e.Field, c.line, c.field)
		}
	}
}

func TestBuiltinsParse(t *testing.T) {
	for _, n := range BuiltinNames() {
		pl, ok := Builtin(n)
		if !ok || len(pl.Branches) == 0 {
			t.Errorf("%s: not parsed", n)
		}
	}
	if !strings.Contains(strings.Join(BuiltinNames(), " "), "after-the-ruling") {
		t.Error("after-the-ruling missing")
	}
}

func FuzzParse(f *testing.F) {
	b, _ := builtinFS.ReadFile("builtin/after-the-ruling.yaml")
	f.Add(b)
	f.Add([]byte("branches: [{name: a, probability: 1}]"))
	f.Add([]byte("a: &x [*x]"))
	f.Fuzz(func(t *testing.T, src []byte) {
		pl, err := Parse(src, "fuzz.yaml")
		if err != nil {
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid {
				t.Fatalf("error of the wrong kind: %v", err)
			}
			return
		}
		sum := 0.0
		for _, b := range pl.Branches {
			sum += b.Probability
		}
		if math.Abs(sum-1) > 1e-6 {
			t.Fatalf("accepted probabilities summing to %v", sum)
		}
	})
}
