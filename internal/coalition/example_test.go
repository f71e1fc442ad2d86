package coalition_test

import (
	"fmt"
	"strings"

	"github.com/tradebloc/tradebloc/internal/coalition"
)

// A payoff table from another model: two players who each gain from the
// bloc only once the other is in.
func ExampleStabilityFromCSV() {
	table := `members,country,payoff
,CAN,0
,MEX,0
CAN,CAN,-1
CAN,MEX,0.5
MEX,CAN,0.5
MEX,MEX,-1
CAN+MEX,CAN,1
CAN+MEX,MEX,1
`
	res, err := coalition.StabilityFromCSV(strings.NewReader(table), "payoffs.csv", "")
	if err != nil {
		panic(err)
	}
	for _, s := range res.Stable {
		name := strings.Join(s.Members, "+")
		if name == "" {
			name = "(none)"
		}
		fmt.Println(name, "group stable:", s.GroupStable)
	}
	// Both the bloc and no bloc are stable: multiplicity is normal.
	// Output:
	// CAN+MEX group stable: true
	// (none) group stable: true
}
