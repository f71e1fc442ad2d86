package coalition

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/report"
)

// TestLeakageGoodsBasis: on a world with services (icio-2022) the stable
// table's leakage is the lessons' figure, the goods rerouted to the bloc
// over the targets' goods sales to it after the shock, for every stable
// coalition at its own equilibrium. It was the routes' share of the
// targets' sales before the shock with services in the base (the main
// job: 2.3% in the table, 2.6% in the lessons, for one coalition).
func TestLeakageGoodsBasis(t *testing.T) {
	if testing.Short() {
		t.Skip("a game on icio-2022")
	}
	icio, _, err := data.Embedded(data.ICIOName)
	if err != nil {
		t.Fatal(err)
	}
	y := strings.NewReplacer("name: small\n", "name: small\ndata: icio-2022\n", "candidates: [CAN, MEX, JPN, KOR]", "candidates: [CAN, MEX]",
		"retaliation: mirror_all", "target_response: reciprocal", "transshipment: {share: 0.3, cost: 0.05}", "transshipment: {elasticity: 4, cost: 0.05, capacity: 0.1}").Replace(smallGame)
	rep, err := Analyze(context.Background(), parse(t, y), icio, Options{NoBands: true, NoResponseComparison: true, Executor: executor.Local{Workers: 2}})
	if err != nil {
		t.Fatal(err)
	}
	l := rep.Leading
	if l.TargetsGoodsSalesToBlocAfterBn <= 0 || l.ReroutedToBlocBn <= 0 {
		t.Fatalf("leading %v: rerouted $%g bn of $%g bn: want goods rerouted", l.Members, l.ReroutedToBlocBn, l.TargetsGoodsSalesToBlocAfterBn)
	}
	share := 100 * l.ReroutedToBlocBn / l.TargetsGoodsSalesToBlocAfterBn
	if math.Abs(l.LeakagePct-share) > 1e-9 {
		t.Errorf("leading %v: leakage %.4f%%, lessons' share %.4f%%", l.Members, l.LeakagePct, share)
	}
	found := false
	for _, s := range rep.Stable {
		if joinNames(s.Members) == joinNames(l.Members) {
			found = true
			if math.Abs(s.LeakagePct-share) > 1e-9 {
				t.Errorf("stable %v: leakage %.4f%%, the lessons' %.4f%%", s.Members, s.LeakagePct, share)
			}
		}
	}
	if !found {
		t.Skipf("the leading coalition %v is not among the stable ones: nothing to compare", l.Members)
	}
	var b bytes.Buffer
	if err := rep.WriteText(&b, report.Text); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%.1f%% of the targets' goods sales to the bloc after the shock", share)
	if !strings.Contains(b.String(), want) {
		t.Errorf("the lessons do not say %q", want)
	}
}
