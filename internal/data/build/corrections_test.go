package build

import (
	"slices"
	"strings"
	"testing"
)

// TestRecodeFlows: Kazakhstan's flows with Gambia move to Georgia, added to
// what is there or put in place of the old pair, and a BACI without them
// stops the build.
func TestRecodeFlows(t *testing.T) {
	flows := []flow{{"GMB", "KAZ", 10}, {"KAZ", "GMB", 5}, {"GEO", "KAZ", 1}, {"GMB", "SEN", 2}}
	got, moved, err := recodeFlows(flows)
	if err != nil {
		t.Fatal(err)
	}
	want := []flow{{"KAZ", "GEO", 5}, {"GEO", "KAZ", 11}, {"GMB", "SEN", 2}}
	if !slices.Equal(got, want) {
		t.Errorf("flows %v, want %v", got, want)
	}
	if wantMoved := []Recode{{[2]string{"GMB", "KAZ"}, [2]string{"GEO", "KAZ"}, 10, 1}, {[2]string{"KAZ", "GMB"}, [2]string{"KAZ", "GEO"}, 5, 0}}; !slices.Equal(moved, wantMoved) {
		t.Errorf("moved %v, want %v", moved, wantMoved)
	}
	if flows[0] != (flow{"GMB", "KAZ", 10}) {
		t.Error("recodeFlows changed its input")
	}
	for _, in := range [][]flow{{{"KAZ", "GMB", 5}}, {{"GMB", "KAZ", 10}}, {{"GMB", "KAZ", 0}, {"KAZ", "GMB", 5}}} {
		if _, _, err := recodeFlows(in); err == nil || !strings.Contains(err.Error(), "miscoded") {
			t.Errorf("flows %v: err %v, want one naming build.miscoded", in, err)
		}
	}
}
