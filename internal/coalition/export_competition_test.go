package coalition

import (
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// TestExportWritesCompetition: --export writes model.competition when it is
// not the default, so that solving the export gives the game's payoff.
func TestExportWritesCompetition(t *testing.T) {
	ds := mustDefault(t)
	for _, tc := range []struct {
		model string
		want  model.Competition
	}{
		{"model: {trade_elasticity: 4}", model.Perfect},
		{"model: {trade_elasticity: 4, competition: krugman, io: false}", model.Krugman},
	} {
		src := strings.Replace(smallGame, "model: {trade_elasticity: 4}", tc.model, 1)
		y, err := Export(parse(t, src), ds, "MEX")
		if err != nil {
			t.Fatal(err)
		}
		if written := strings.Contains(string(y), "competition:"); written != (tc.want != model.Perfect) {
			t.Errorf("%s: competition written %v\n%s", tc.model, written, y)
		}
		plain, err := scenario.Parse(y, "")
		if err != nil {
			t.Fatalf("exported scenario does not parse: %v\n%s", err, y)
		}
		comp, err := scenario.Compile(plain, ds)
		if err != nil {
			t.Fatal(err)
		}
		if comp.Options.Competition != tc.want {
			t.Errorf("%s: export compiles to competition %v, want %v", tc.model, comp.Options.Competition, tc.want)
		}
	}
}
