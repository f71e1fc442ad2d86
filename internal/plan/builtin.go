package plan

import (
	"embed"
	"errors"
	"io/fs"
	"os"
	"strings"

	"github.com/tradebloc/tradebloc/internal/errs"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// BuiltinNames lists the built-in plans.
func BuiltinNames() []string {
	entries, _ := fs.ReadDir(builtinFS, "builtin")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return out
}

// Builtin returns a built-in plan.
func Builtin(name string) (*Plan, bool) {
	if name == "" || strings.ContainsAny(name, `/\.`) {
		return nil, false
	}
	b, err := builtinFS.ReadFile("builtin/" + name + ".yaml")
	if err != nil {
		return nil, false
	}
	pl, err := Parse(b, "builtin/"+name+".yaml")
	if err != nil {
		panic("plan: built-in " + name + ": " + err.Error())
	}
	return pl, true
}

// Resolve returns the plan named by a command-line argument: a built-in
// name, or else a plan file.
func Resolve(arg string) (*Plan, error) {
	if pl, ok := Builtin(arg); ok {
		return pl, nil
	}
	if _, err := os.Stat(arg); errors.Is(err, os.ErrNotExist) {
		return nil, &errs.Error{Op: "plan", Kind: errs.Invalid, File: arg,
			Err: errors.New("no such file, and not a built-in plan (built-ins: " + strings.Join(BuiltinNames(), ", ") + ")")}
	}
	return Load(arg)
}
