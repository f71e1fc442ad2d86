package scenario

import (
	"errors"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/numparse"
)

// This file reads typed values out of yaml.Node trees. Decoding into structs
// would lose the line and column of the offending value and would ignore
// unknown keys; walking nodes keeps both.

// maxAliasDepth bounds alias chasing, so a hostile document cannot make us
// loop.
const maxAliasDepth = 32

// deref follows aliases (`*anchor`) to the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for d := 0; n != nil && n.Kind == yaml.AliasNode && d < maxAliasDepth; d++ {
		n = n.Alias
	}
	return n
}

// posOf locates n for field.
func (p *parser) posOf(n *yaml.Node, field string) Pos {
	return Pos{File: p.file, Line: n.Line, Col: n.Column, Field: field}
}

// kindName describes a node for "want X, got Y" messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "nothing (null)"
		case "!!str":
			return "text " + strconv.Quote(n.Value)
		case "!!bool":
			return "a boolean"
		case "!!int", "!!float":
			return "the number " + n.Value
		}
		return strconv.Quote(n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "nothing"
}

// entry is one key of a mapping with its value.
type entry struct {
	key, val *yaml.Node
}

// fields is a checked mapping: every key known, none repeated.
type fields struct {
	at    *yaml.Node // the mapping, to locate "missing key" errors
	path  string
	byKey map[string]entry
	order []string // keys as written, for kinds that take the first key
}

func (f *fields) get(key string) (*yaml.Node, bool) {
	e, ok := f.byKey[key]
	return e.val, ok
}

func (f *fields) has(key string) bool { _, ok := f.byKey[key]; return ok }

// sub joins a key path and a key.
func sub(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// mapping checks that n is a mapping whose keys are distinct strings from
// allowed, and indexes it.
func (p *parser) mapping(n *yaml.Node, path string, allowed []string) (*fields, error) {
	n = deref(n)
	if n.Kind != yaml.MappingNode {
		return nil, p.posOf(n, path).errorf("want a map with keys %s, got %s", strings.Join(allowed, ", "), kindName(n))
	}
	f := &fields{at: n, path: path, byKey: make(map[string]entry, len(n.Content)/2)}
	for k := 0; k+1 < len(n.Content); k += 2 {
		key, val := deref(n.Content[k]), n.Content[k+1]
		if key.Kind != yaml.ScalarNode || key.Tag == "!!null" {
			return nil, p.posOf(key, path).errorf("want a key name, got %s", kindName(key))
		}
		name := key.Value
		if !contains(allowed, name) {
			at := p.posOf(key, sub(path, name))
			if s := errs.Suggest(name, allowed); s != "" {
				return nil, at.errorf("unknown key %q (did you mean %q?)", name, s)
			}
			return nil, at.errorf("unknown key %q (want one of %s)", name, strings.Join(allowed, ", "))
		}
		if prev, dup := f.byKey[name]; dup {
			return nil, p.posOf(key, sub(path, name)).errorf("key %q given twice (first at line %d)", name, prev.key.Line)
		}
		f.byKey[name] = entry{key, val}
		f.order = append(f.order, name)
	}
	return f, nil
}

// missing is the error for a required key that is absent.
func (p *parser) missing(f *fields, key, why string) error {
	return p.posOf(f.at, sub(f.path, key)).errorf("missing key %q%s", key, why)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// number reads a finite number (YAML int or float, not a quoted string: a
// rate written "0.1" is more likely a mistake than a choice).
func (p *parser) number(n *yaml.Node, path string) (float64, error) {
	n = deref(n)
	at := p.posOf(n, path)
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && n.Style == 0 {
			// YAML takes 1e400 for text; say what is wrong with it.
			if _, err := numparse.Float(n.Value); errors.Is(err, numparse.ErrRange) {
				return 0, at.errorf("%s", numparse.Explain(n.Value, err))
			}
		}
		return 0, at.errorf("want a number, got %s", kindName(n))
	}
	// Decimal only: YAML also reads 0x10, 0o17, 1_000 and 0777 (octal,
	// 511), and turns 1e-400 into 0, none of which a scenario means.
	if numparse.LeadingZero(n.Value) {
		return 0, at.errorf("want a decimal number, got %s: YAML reads a leading zero as octal; write it without", n.Value)
	}
	x, err := numparse.Float(n.Value)
	if err != nil {
		return 0, at.errorf("%s", numparse.Explain(n.Value, err))
	}
	return x, nil
}

// isNumberNode reports whether YAML took n for a number (p.number may still
// refuse its form), or for text that is a decimal number out of range.
func isNumberNode(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	if n.Tag == "!!int" || n.Tag == "!!float" {
		return true
	}
	_, err := numparse.Float(n.Value)
	return n.Tag == "!!str" && n.Style == 0 && errors.Is(err, numparse.ErrRange)
}

// text reads a non-empty string.
func (p *parser) text(n *yaml.Node, path string) (string, error) {
	n = deref(n)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		return "", p.posOf(n, path).errorf("want text, got %s", kindName(n))
	}
	if strings.TrimSpace(n.Value) == "" {
		return "", p.posOf(n, path).errorf("want text, got an empty string")
	}
	return n.Value, nil
}

// boolean reads true or false.
func (p *parser) boolean(n *yaml.Node, path string) (bool, error) {
	n = deref(n)
	var b bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
		return false, p.posOf(n, path).errorf("want true or false, got %s", kindName(n))
	}
	return b, nil
}

// ref reads a name (code, group, sector or "*").
func (p *parser) ref(n *yaml.Node, path string) (Ref, error) {
	s, err := p.text(n, path)
	if err != nil {
		return Ref{}, err
	}
	n = deref(n)
	return Ref{Name: strings.TrimSpace(s), Pos: p.posOf(n, path)}, nil
}

// selector reads a name or a non-empty list of names.
func (p *parser) selector(n *yaml.Node, path string) (Selector, error) {
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		r, err := p.ref(n, path)
		if err != nil {
			return nil, p.posOf(n, path).errorf("want a code, a group, \"*\" or a list of codes, got %s", kindName(n))
		}
		return Selector{r}, nil
	}
	if len(n.Content) == 0 {
		return nil, p.posOf(n, path).errorf("empty list: want at least one code")
	}
	sel := make(Selector, 0, len(n.Content))
	for k, item := range n.Content {
		r, err := p.ref(item, path+"["+strconv.Itoa(k)+"]")
		if err != nil {
			return nil, err
		}
		sel = append(sel, r)
	}
	return sel, nil
}
