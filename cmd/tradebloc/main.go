// Command tradebloc quantifies trade wars and trade blocs on real data: the
// reciprocal-tariff formula, a general-equilibrium trade model, the
// balanced-trade benchmark and the coalition game. See README.md.
package main

import (
	"fmt"
	"os"

	"github.com/tradebloc/tradebloc/internal/errs"
)

func main() {
	cmd := newRootCommand()
	err := cmd.Execute()
	if err != nil {
		fmt.Fprintln(os.Stderr, "tradebloc:", err)
	}
	os.Exit(errs.ExitCode(err))
}
