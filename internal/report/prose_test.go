package report

import "testing"

func TestAndList(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"CAN"}, "CAN"},
		{[]string{"CAN", "MEX"}, "CAN and MEX"},
		{[]string{"CAN", "MEX", "CHE"}, "CAN, MEX and CHE"},
	} {
		if got := AndList(c.in); got != c.want {
			t.Errorf("AndList(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
