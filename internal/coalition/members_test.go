package coalition

import (
	"strings"
	"testing"
)

// TestMemberNamedForEUMember: a membership naming an EU member when the
// EU27 is a candidate is refused with the reason (it plays as one) and
// the name to give; before, the error said only that DEU was not a
// candidate.
func TestMemberNamedForEUMember(t *testing.T) {
	sc := parse(t, strings.Replace(smallGame, "candidates: [CAN, MEX, JPN, KOR]", "candidates: [CAN, EU27]", 1))
	g, err := newGame(sc, mustDefault(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ members, want string }{
		{"CAN+DEU", `"DEU" is not a candidate (DEU is a member of EU27, which plays as one: name EU27)`},
		{"can", `"can" is not a candidate (country codes are upper case: CAN)`},
		{"CAN+EU27", ""},
	} {
		_, err := g.parseMembers(tc.members)
		if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want %q", tc.members, err, tc.want)
		}
	}
}

// TestSoloEUMemberNote: a candidate naming one EU member plays alone, and
// the notes say that no EU member has a trade policy of its own; the EU27
// as a candidate, and a country outside the union, get no such note.
func TestSoloEUMemberNote(t *testing.T) {
	for _, tc := range []struct {
		cands string
		want  string // "" = no note
	}{
		{"[CAN, DEU]", "DEU plays with a trade policy of its own, which no EU27 member has"},
		{"[FRA, DEU]", "FRA, DEU play with a trade policy of their own"},
		{"[CAN, EU27]", ""},
		{"[CAN, MEX]", ""},
	} {
		sc := parse(t, strings.Replace(smallGame, "candidates: [CAN, MEX, JPN, KOR]", "candidates: "+tc.cands, 1))
		g, err := newGame(sc, mustDefault(t))
		if err != nil {
			t.Fatal(err)
		}
		var got string
		for _, n := range g.notes {
			if strings.Contains(n, "Art. 207 TFEU") {
				got = n
			}
		}
		if (got == "") != (tc.want == "") || !strings.Contains(got, tc.want) {
			t.Errorf("candidates %s: note %q, want one containing %q", tc.cands, got, tc.want)
		}
	}
}
