package coalition

import (
	"math"
	"strconv"
)

// SolveCount says how many solves an exhaustive search over k candidates
// needs: "2^12 = 4096", or for k ≥ 64, where 2^k no longer fits an integer,
// "2^100 ≈ 1.27e+30". Messages refusing a large k use it: the shift 1<<k
// overflows to 0 at k = 64 and to a negative number at k = 63.
func SolveCount(k int) string {
	if k < 64 {
		return "2^" + strconv.Itoa(k) + " = " + strconv.FormatUint(uint64(1)<<k, 10)
	}
	return "2^" + strconv.Itoa(k) + " ≈ " + strconv.FormatFloat(math.Exp2(float64(k)), 'g', 3, 64)
}
