// Command recordgen regenerates internal/tariffs/record from the compiled
// tables in shared/data/compiled (run through go generate in internal/tariffs).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/tradebloc/tradebloc/internal/tariffs/recordgen"
)

func main() {
	compiled := flag.String("compiled", "../../../shared/data/compiled", "directory of the compiled tables")
	out := flag.String("out", "record", "output directory")
	flag.Parse()
	if err := recordgen.BuildRecord(*compiled, *out); err != nil {
		fmt.Fprintln(os.Stderr, "recordgen:", err)
		os.Exit(1)
	}
}
