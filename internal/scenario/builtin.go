package scenario

import (
	"embed"
	"errors"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// builtinFS holds the built-in scenarios, one YAML file per scenario named
// after it. They run on the embedded dataset and must not name other files.
//
//go:embed builtin/*.yaml
var builtinFS embed.FS

// BuiltinNames lists the built-in scenario names in alphabetical order.
func BuiltinNames() []string {
	entries, _ := fs.ReadDir(builtinFS, "builtin")
	out := make([]string, 0, len(entries))
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(out) // by name, not file name: "a" before "a-b" although "-" < "."
	return out
}

// BuiltinSource returns the YAML text of a built-in scenario.
func BuiltinSource(name string) ([]byte, bool) {
	if name == "" || strings.ContainsAny(name, `/\.`) {
		return nil, false // names only: never a path into the embedded tree
	}
	b, err := builtinFS.ReadFile(path.Join("builtin", name+".yaml"))
	return b, err == nil
}

// Builtin returns the named built-in scenario. Each call parses afresh, so the
// caller owns the result and may modify it.
func Builtin(name string) (*Scenario, bool) {
	b, ok := BuiltinSource(name)
	if !ok {
		return nil, false
	}
	p := &parser{file: "builtin/" + name + ".yaml"} // no readFile: built-ins are self-contained
	sc, err := p.parse(b)
	if err != nil {
		// A broken built-in is a bug in this package, caught by its tests.
		panic("scenario: built-in " + name + ": " + err.Error())
	}
	return sc, true
}

// Builtins returns every built-in scenario, in the order of BuiltinNames.
func Builtins() []*Scenario {
	names := BuiltinNames()
	out := make([]*Scenario, 0, len(names))
	for _, n := range names {
		sc, _ := Builtin(n)
		out = append(out, sc)
	}
	return out
}

// Resolve returns the scenario named by a command-line argument: a built-in
// name, or else a scenario file. A built-in wins over a file of the same name
// in the working directory only when the argument has no path separator or
// extension, so "./liberation-day.yaml" always means the file.
func Resolve(arg string) (*Scenario, error) {
	if sc, ok := Builtin(arg); ok {
		return sc, nil
	}
	if _, err := os.Stat(arg); errors.Is(err, os.ErrNotExist) {
		return nil, &errs.Error{Op: "resolve scenario", Kind: errs.Invalid, File: arg,
			Err: errors.New("no such file, and not a built-in scenario (built-ins: " + strings.Join(BuiltinNames(), ", ") + ")")}
	}
	return Load(arg)
}
