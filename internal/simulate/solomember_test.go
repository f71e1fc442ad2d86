package simulate

import (
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// TestSoloMemberNote: a simulation whose candidates name an EU member on
// its own says the member plays with a trade policy no EU member has; with
// the EU27 named as one, it says nothing of the kind.
func TestSoloMemberNote(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ cands, want string }{
		{"[CAN, DEU]", "DEU plays with a trade policy of its own"},
		{"[CAN, EU27]", ""},
	} {
		sc, err := scenario.Parse([]byte("name: solo\ncoalition:\n  leader: USA\n  targets: [CHN]\n  candidates: "+tc.cands+"\n  threat: {schedule: liberation-day}\n"), "")
		if err != nil {
			t.Fatal(err)
		}
		w, err := NewWorld(sc, ds, "2026-03-01", false, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := w.SoloMemberNote(); (got == "") != (tc.want == "") || !strings.Contains(got, tc.want) {
			t.Errorf("candidates %s: note %q, want one containing %q", tc.cands, got, tc.want)
		}
	}
}
