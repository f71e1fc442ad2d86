package playbook

import (
	"strings"
	"testing"
)

// TestUnityWording: a feature that holds beside a coalition that is not
// united is explained, never left as "holds" and "not united" side by side.
func TestUnityWording(t *testing.T) {
	for _, tc := range []struct {
		holds, united bool
		want, not     string
	}{
		{true, false, "holds only as long as members are held to it", ""},
		{false, false, "not united: KOR gains 2.091 pp", "holds only"},
		{true, true, "united: no member gains by defecting", "not united"},
	} {
		r := &Result{Feature: Feature{Holds: tc.holds}, Lessons: Lessons{United: tc.united, MostTempted: "KOR", MaxDefectionGainPct: 2.091}}
		if tc.united {
			r.Lessons.MaxDefectionGainPct = -0.5
		}
		got := r.unityText()
		if !strings.Contains(got, tc.want) || (tc.not != "" && strings.Contains(got, tc.not)) {
			t.Errorf("holds %v united %v: %q", tc.holds, tc.united, got)
		}
	}
}
