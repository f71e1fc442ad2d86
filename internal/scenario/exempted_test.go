package scenario

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// TestExemptedNote: on icio-2022 the headline Liberation Day schedule says
// how much of the US's goods imports the record had exempted that day, and
// Ireland is among the partners most exposed: its pharmaceuticals (C21), which
// paid no new duty on 2025-04-09, alone are more than half of its goods
// sales to the US in the data, so its share must be at least that, and
// above the all-partner share. Canada and Mexico, charged as if on the
// chart, are left out of the list. The one-sector world gets no such note.
func TestExemptedNote(t *testing.T) {
	ds, ok, err := data.Embedded("icio-2022")
	if !ok || err != nil {
		t.Fatal(err)
	}
	sc, _ := Builtin("liberation-day")
	c, err := Compile(sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	var note string
	for _, n := range c.Notes {
		if strings.Contains(n, "the goods the record exempted on 2025-04-09") {
			note = n
		}
	}
	if note == "" {
		t.Fatalf("no exempted-goods note among %q", c.Notes)
	}
	// Ireland's pharmaceutical share of its goods exports to the US,
	// straight from the flows.
	irl, _ := ds.Index("IRL")
	us, _ := ds.Index("USA")
	N, S := ds.N(), ds.S()
	var pharma, goods float64
	for s, sec := range ds.Sectors {
		if ds.IsServices(s) {
			continue
		}
		x := ds.Trade[(irl*N+us)*S+s]
		goods += x
		if sec.Code == "C21" {
			pharma += x
		}
	}
	all := regexp.MustCompile(`are (\d+)% of the US's goods imports`).FindStringSubmatch(note)
	m := regexp.MustCompile(`[:,] IRL (\d+)%`).FindStringSubmatch(note)
	if all == nil || m == nil {
		t.Fatalf("note does not give the all-partner share and IRL: %s", note)
	}
	share, _ := strconv.Atoi(m[1])
	allShare, _ := strconv.Atoi(all[1])
	if float64(share) < 100*pharma/goods-0.5 || share > 100 || share <= allShare {
		t.Errorf("IRL %d%%: want at least its pharmaceutical share %.1f%% and above the all-partner %d%%", share, 100*pharma/goods, allShare)
	}
	_, list, _ := strings.Cut(note, "most exposed")
	if strings.Contains(list, "CAN ") || strings.Contains(list, "MEX ") {
		t.Errorf("note lists Canada or Mexico, which are charged as if on the chart: %s", note)
	}
	if !strings.Contains(note, "C21 pharmaceuticals") {
		t.Errorf("note does not name pharmaceuticals among the largest exempted sectors: %s", note)
	}

	w, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	c, err = Compile(sc, w)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range c.Notes {
		if strings.Contains(n, "the goods the record exempted") {
			t.Errorf("one-sector world-2023 got the note: %s", n)
		}
	}
}
