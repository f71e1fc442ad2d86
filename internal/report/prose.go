package report

import "strings"

// AndList joins items as prose does: "a", "a and b", "a, b and c". The
// schedule notes and the simulation's regime lines share it so that their
// lists read alike.
func AndList(items []string) string {
	if k := len(items); k > 1 {
		return strings.Join(items[:k-1], ", ") + " and " + items[k-1]
	}
	return strings.Join(items, "")
}
