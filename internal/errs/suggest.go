package errs

// Suggest returns the allowed word closest to a misspelt one, if it is close
// enough (fewer than three edits) to be the likely intent, else "". Errors
// use it for their "did you mean …?" hints.
func Suggest(word string, allowed []string) string {
	best, bestD := "", 3
	for _, a := range allowed {
		if d := EditDistance(word, a); d < bestD {
			best, bestD = a, d
		}
	}
	return best
}

// EditDistance is the Damerau–Levenshtein (optimal string alignment)
// distance, so that transpositions like "traiff" count as one edit.
func EditDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99 // not worth comparing; avoids quadratic work on hostile input
	}
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
