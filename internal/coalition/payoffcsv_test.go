package coalition

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// pinCSV writes pinTable as a payoff CSV, memberships in mask order, with
// a leader L outside the game whose payoff is the mask (so {C} = 4 would
// outrank {A,B} = 3, were it stable).
func pinCSV() string {
	tb := pinTable()
	var b strings.Builder
	b.WriteString("members,country,payoff\n")
	for m := range tb.Payoff {
		ms := strings.Join(namesOf(Mask(m), tb.Players), "+")
		for p, name := range tb.Players {
			fmt.Fprintf(&b, "%s,%s,%g\n", ms, name, tb.Payoff[m][p])
		}
		fmt.Fprintf(&b, "%s,L,%d\n", ms, m)
	}
	return b.String()
}

// TestStabilityFromCSVPinned: pinTable read from a CSV gives pinTable's one
// stable coalition, {A,B}, with every country's payoff there and the
// leader's payoff (3) or the size (2) as the objective.
func TestStabilityFromCSVPinned(t *testing.T) {
	for _, tt := range []struct {
		leader string
		obj    float64
	}{{"L", 3}, {"", 2}} {
		res, err := StabilityFromCSV(strings.NewReader(pinCSV()), "pin.csv", tt.leader)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(res.Players, []string{"A", "B", "C"}) || res.Leader != tt.leader || len(res.Stable) != 1 {
			t.Fatalf("leader %q: %+v", tt.leader, res)
		}
		s := res.Stable[0]
		want := map[string]float64{"A": 0.4, "B": -0.5, "C": -0.1, "L": 3}
		if !reflect.DeepEqual(s.Members, []string{"A", "B"}) || !s.InternallyStable || !s.ExternallyStable || !s.GroupStable ||
			!reflect.DeepEqual(s.WelfarePct, want) || s.LeaderObjective != tt.obj {
			t.Errorf("leader %q: stable %+v, want {A,B} with payoffs %v and objective %g", tt.leader, s, want, tt.obj)
		}
	}
	// A byte-order mark before the header, spaces around cells and columns
	// in another order are read.
	res, err := StabilityFromCSV(strings.NewReader("\ufeffcountry, payoff ,members\n A , 1 , A \nA,0,\n"), "bom.csv", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stable) != 1 || !reflect.DeepEqual(res.Stable[0].Members, []string{"A"}) {
		t.Errorf("one player who gains 1 by joining: %+v", res.Stable)
	}
	// Ranked by size without a leader: the tie-break table's {B,C} first.
	var b strings.Builder
	b.WriteString("members,country,payoff\n")
	tb := table(3, func(m Mask, p int) float64 {
		switch {
		case !m.Has(p):
			return 0.1 * float64(m.Size())
		case m.Has(0) && m.Size() > 1:
			return -1
		case p == 0:
			return 1
		default:
			return 0.5 * float64(m.Size())
		}
	})
	for m := range tb.Payoff {
		for p, name := range tb.Players {
			fmt.Fprintf(&b, "%s,%s,%g\n", strings.Join(namesOf(Mask(m), tb.Players), "+"), name, tb.Payoff[m][p])
		}
	}
	if res, err = StabilityFromCSV(strings.NewReader(b.String()), "size.csv", ""); err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, s := range res.Stable {
		got = append(got, s.Members)
	}
	if !reflect.DeepEqual(got, [][]string{{"B", "C"}, {"A"}}) {
		t.Errorf("stable %v, want [[B C] [A]]", got)
	}
}

// TestStabilityFromCSVErrors: each bad table is refused with the file, the
// line and the field at fault.
func TestStabilityFromCSVErrors(t *testing.T) {
	const h = "members,country,payoff\n"
	many := make([]string, MaxPlayers+1)
	for k := range many {
		many[k] = fmt.Sprintf("P%d", k)
	}
	tests := []struct {
		name, in, leader string
		line             int
		field, msg       string
	}{
		{"empty file", "", "", 1, "", "empty file: want a header row members,country,payoff"},
		{"unknown column", "members,country,payoff,sector\n", "", 1, "sector", `unknown column "sector": want the columns members,country,payoff`},
		{"misspelt column", "members,country,payof\n", "", 1, "payof", `unknown column "payof" (did you mean "payoff"?)`},
		{"column twice", "members,country,payoff,country\n", "", 1, "country", `column "country" given twice`},
		{"payoff hexadecimal", h + "A,A,0x1p4\n", "", 2, "payoff", `got "0x1p4"`},
		{"payoff separator", h + "A,A,1_000\n", "", 2, "payoff", `got "1_000"`},
		{"payoff underflow", h + "A,A,1e-400\n", "", 2, "payoff", "would become 0"},
		{"missing column", "members,country\n", "", 1, "payoff", `missing column "payoff"`},
		{"short row", h + "A,A\n", "", 2, "", "2 fields, want 3"},
		{"empty member code", h + ",A,0\nA+,A,1\n", "", 3, "members", `empty code in "A+"`},
		{"empty country", h + "A, ,1\n", "", 2, "country", "empty country code"},
		{"payoff not a number", h + "A,A,x\n", "", 2, "payoff", `got "x"`},
		{"payoff NaN", h + "A,A,NaN\n", "", 2, "payoff", `want a decimal number (digits, an optional point and exponent: 12, -0.5, 1e-3), got "NaN"`},
		{"payoff infinite", h + "A,A,1\n,A,-Inf\n", "", 3, "payoff", `want a decimal number (digits, an optional point and exponent: 12, -0.5, 1e-3), got "-Inf"`},
		{"no member anywhere", h + ",A,0\n", "", 1, "members", "no coalition has any member"},
		{"too many players", h + strings.Join(many, "+") + ",P0,1\n", "", 1, "members", "21 players"},
		// MaxPlayers players are allowed: the table is then refused for
		// what it lacks.
		{"as many players as allowed", h + strings.Join(many[:MaxPlayers], "+") + ",P0,1\n", "", 0, "payoff", "missing payoff of P0 in coalition \"\""},
		{"member twice", h + "A+A,A,1\n", "", 2, "members", "A listed twice"},
		{"second payoff", h + "A,A,1\n,A,0\nA,A,2\n", "", 4, "country", "a second payoff for A"},
		{"missing payoff", h + "A,A,1\n", "", 0, "payoff", `missing payoff of A in coalition ""`},
		{"leader without payoff in one coalition", h + "A,A,1\n,A,0\nA,L,1\n", "L", 0, "country", `no payoff for L in coalition ""`},
		{"malformed", h + "A,A,1\n\"A,1\n", "", 3, "", "malformed CSV"},
	}
	for _, tt := range tests {
		_, err := StabilityFromCSV(strings.NewReader(tt.in), "t.csv", tt.leader)
		var e *errs.Error
		if !errors.As(err, &e) {
			t.Errorf("%s: error %v, want an *errs.Error", tt.name, err)
			continue
		}
		if e.Kind != errs.Invalid || e.File != "t.csv" || e.Line != tt.line || e.Field != tt.field || !strings.Contains(e.Error(), tt.msg) {
			t.Errorf("%s: %q (line %d, field %q), want line %d, field %q, containing %q", tt.name, e, e.Line, e.Field, tt.line, tt.field, tt.msg)
		}
	}
}

// TestStabilityLeaderNotInTable: a --leader with no payoff anywhere in the
// table is the flag's fault: the error names --leader, not the file's
// "country" column (as it did), lists the table's countries and gives the
// upper-case spelling of a lower-case code.
func TestStabilityLeaderNotInTable(t *testing.T) {
	const in = "members,country,payoff\n,CAN,0\nCAN,CAN,1\n,USA,0\nCAN,USA,2\n"
	for leader, want := range map[string]string{
		"ZZZ": `field "--leader": ZZZ has no payoff in pay.csv (its countries: CAN, USA)`,
		"usa": `field "--leader": usa has no payoff in pay.csv (country codes are upper case: USA) (its countries: CAN, USA)`,
	} {
		_, err := StabilityFromCSV(strings.NewReader(in), "pay.csv", leader)
		var e *errs.Error
		if !errors.As(err, &e) || e.Kind != errs.Invalid || e.File != "" || err.Error() != want {
			t.Errorf("--leader %s: %v, want %q", leader, err, want)
		}
	}
	if _, err := StabilityFromCSV(strings.NewReader(in), "pay.csv", "USA"); err != nil {
		t.Errorf("--leader USA: %v", err)
	}
}

// TestStabilityTable: the people's table lists each stable coalition with
// its payoffs, countries in order; an empty list says so.
func TestStabilityTable(t *testing.T) {
	res, err := StabilityFromCSV(strings.NewReader(pinCSV()), "pin.csv", "L")
	if err != nil {
		t.Fatal(err)
	}
	tab := res.Table()
	want := [][]string{{"1", "A+B", "yes", "yes", "yes", "A 0.4, B -0.5, C -0.1, L 3"}}
	if !reflect.DeepEqual(tab.Rows, want) || len(tab.Notes) != 0 || tab.Title != "Stable coalitions among A, B, C" {
		t.Errorf("table %q rows %q notes %q", tab.Title, tab.Rows, tab.Notes)
	}
	none := (&StabilityResult{Players: []string{"A"}, Stable: []StableDoc{}}).Table()
	if len(none.Rows) != 0 || len(none.Notes) != 1 {
		t.Errorf("no stable coalition: rows %q notes %q", none.Rows, none.Notes)
	}
}

// TestSplitMembers: codes joined by +; an empty code and a code given
// twice are refused (before, CAN+CAN was read as CAN).
func TestSplitMembers(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		err  string
	}{
		{"CAN+MEX", []string{"CAN", "MEX"}, ""},
		{" CAN + MEX ", []string{"CAN", "MEX"}, ""},
		{"", nil, ""},
		{"none", nil, ""},
		{"CAN+CAN", nil, `members "CAN+CAN": CAN given twice`},
		{"CAN++MEX", nil, `members "CAN++MEX": empty code`},
		{"CAN+", nil, "empty code"},
	} {
		got, err := SplitMembers(tc.in)
		if tc.err != "" {
			if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: %v, want exit 2 and %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || strings.Join(got, "+") != strings.Join(tc.want, "+") {
			t.Errorf("%q: %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
