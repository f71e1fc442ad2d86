// Command tradebloc quantifies trade wars and trade blocs on real data: the
// reciprocal-tariff formula, a general-equilibrium trade model, the
// balanced-trade benchmark and the coalition game. See README.md.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
)

// debugEnv names the environment variable that, set to 1, adds the stack of
// a panic to its one-line error (reportError).
const debugEnv = "TRADEBLOC_DEBUG"

func main() {
	cmd := newRootCommand()
	err := cmd.Execute()
	reportError(os.Stderr, err, debugOn(os.Getenv))
	os.Exit(errs.ExitCode(err))
}

// debugOn reads debugEnv: only "1" turns it on, as documented.
func debugOn(getenv func(string) string) bool { return getenv(debugEnv) == "1" }

// reportError prints err as one line, and with debug the stack of the panic
// it reports (executor.PanicStack: a unit's handler that panicked, a bug
// in tradebloc) after it. The line is all a user needs; the stack is for
// the bug report, and without it one cannot tell where the panic was.
func reportError(w io.Writer, err error, debug bool) {
	if err == nil {
		return
	}
	fmt.Fprintln(w, "tradebloc:", err)
	if !debug {
		return
	}
	if s := executor.PanicStack(err); s != "" {
		fmt.Fprintf(w, "%s=1: the panic's stack:\n%s\n", debugEnv, s)
	}
}
