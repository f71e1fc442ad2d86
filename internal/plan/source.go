package plan

// BuiltinSource returns a built-in plan's YAML text (for the web UI, which
// offers it for editing).
func BuiltinSource(name string) ([]byte, bool) {
	if _, ok := Builtin(name); !ok {
		return nil, false
	}
	b, err := builtinFS.ReadFile("builtin/" + name + ".yaml")
	return b, err == nil
}
