package coalition

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// TestGameStartsFromTheDatasetTariffs: a coalition scenario without a
// tariffs block plays from the dataset's applied tariffs, not from free
// trade: the game's starting schedule is the dataset's, slot for slot.
func TestGameStartsFromTheDatasetTariffs(t *testing.T) {
	ds := mustDefault(t)
	nonzero := 0
	for _, x := range ds.Tariffs {
		if x != 0 {
			nonzero++
		}
	}
	if len(ds.Tariffs) != len(ds.Trade) || nonzero == 0 {
		t.Fatalf("the default world has %d tariff slots (%d nonzero) for %d flows: the test needs baseline tariffs", len(ds.Tariffs), nonzero, len(ds.Trade))
	}
	g, err := newGame(parse(t, smallGame), ds)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(g.t0, ds.Tariffs) {
		t.Errorf("the game starts from another schedule than the dataset's applied tariffs")
	}
}

// TestPlayersBySize: players sit on the mask's bits smallest economy first
// (the enumeration's Gray-code path flips the low bits most), and every
// list of names a user reads puts the largest first — by GDP, computed
// here from the baseline independently of the game's ordering.
func TestPlayersBySize(t *testing.T) {
	ds := mustDefault(t)
	g, err := newGame(parse(t, smallGame), ds)
	if err != nil {
		t.Fatal(err)
	}
	for p := 1; p < len(g.players); p++ {
		if !(g.players[p-1].GDP < g.players[p].GDP) {
			t.Errorf("player %d (%s, %.0f) is not smaller than player %d (%s, %.0f)", p-1, g.players[p-1].Name, g.players[p-1].GDP, p, g.players[p].Name, g.players[p].GDP)
		}
	}
	cands := []string{"CAN", "MEX", "JPN", "KOR"}
	gdp := map[string]float64{}
	for _, c := range cands {
		i, ok := ds.Index(c)
		if !ok {
			t.Fatalf("%s missing", c)
		}
		gdp[c] = g.base.GDP[i]
	}
	sort.Slice(cands, func(a, b int) bool { return gdp[cands[a]] > gdp[cands[b]] })
	if got := g.playerNames(Mask(1)<<len(g.players) - 1); !slices.Equal(got, cands) {
		t.Errorf("names %v, want largest first %v", got, cands)
	}
	// [] in JSON (--payoffs, stable lists), not null.
	if b, _ := json.Marshal(PayoffDoc{Members: g.playerNames(0)}); !strings.Contains(string(b), `"members":[]`) {
		t.Errorf("the empty coalition in JSON: %s", b)
	}
}

// TestExhaustiveSearchLimit: MaxExhaustive candidates are played, one more
// is refused with the count of solves it would need.
func TestExhaustiveSearchLimit(t *testing.T) {
	ds := mustDefault(t)
	codes := []string{"CAN", "MEX", "JPN", "KOR", "GBR", "IND", "AUS", "BRA", "CHE", "VNM", "THA", "IDN", "TUR", "SAU", "ZAF", "ARG", "CHL"}
	game := func(k int) error {
		y := strings.Replace(smallGame, "[CAN, MEX, JPN, KOR]", "["+strings.Join(codes[:k], ", ")+"]", 1)
		_, err := newGame(parse(t, y), ds)
		return err
	}
	if err := game(MaxExhaustive); err != nil {
		t.Errorf("%d candidates refused: %v", MaxExhaustive, err)
	}
	err := game(MaxExhaustive + 1)
	want := fmt.Sprintf("%d candidates need 2^%d = %d solves", MaxExhaustive+1, MaxExhaustive+1, 1<<(MaxExhaustive+1))
	if !errs.IsInvalid(err) || !strings.Contains(err.Error(), want) {
		t.Errorf("%d candidates: %v, want an invalid-input error saying %q", MaxExhaustive+1, err, want)
	}
}

// TestFlatThreat: a flat threat adds its rate to the leader's tariff on
// every partner's goods in every goods sector (not services), and changes
// no other slot — on a
// world with sectors, where a wrong index lands on another pair.
func TestFlatThreat(t *testing.T) {
	ds, _, err := data.Embedded("icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	y := strings.Replace(smallGame, "threat: {schedule: liberation-day}", "threat: {rate: 0.25}", 1)
	g, err := newGame(parse(t, y), ds)
	if err != nil {
		t.Fatal(err)
	}
	if ds.S() < 2 {
		t.Fatal("icio-2022 has one sector: the test needs several")
	}
	L := g.leader
	for c := 0; c < ds.N(); c++ {
		for j := 0; j < ds.N(); j++ {
			for s := 0; s < ds.S(); s++ {
				k := ds.At(c, j, s)
				want := 0.0
				if j == L && c != L && ds.Sectors[s].Code != "SERV" { // goods only
					want = 0.25
				}
				if d := g.threat[k] - g.t0[k]; d < want-1e-12 || d > want+1e-12 {
					t.Fatalf("%s→%s sector %d: threat adds %.4f, want %.2f", ds.Countries[c].Code, ds.Countries[j].Code, s, d, want)
				}
			}
		}
	}
}
