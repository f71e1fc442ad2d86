package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
)

// duplicateKey finds a key given twice in one object of the JSON value b
// starts with, at any depth, and returns an error naming it by its path
// ("scenario.shocks[1].tariff.rate"); nil if there is none. encoding/json
// keeps the last of two keys silently, and YAML (the scenario files)
// refuses them: a request is held to the files' rule. At the top level,
// keys differing only in case are one field of RunRequest (encoding/json
// matches field names without regard to case), so they count as the same
// key there. b that is not valid JSON is left to the decoder to refuse.
func duplicateKey(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // a number is not converted, so none can fail the walk
	// frame is an object or an array being read.
	type frame struct {
		obj     bool
		path    string
		keys    map[string]string // folded key → the key as first given
		key     string            // object: the key whose value is read
		wantKey bool              // object: a key (or the end) comes next
		n       int               // array: elements so far
	}
	var stack []*frame
	// valuePath is the path of the value starting now, in the innermost
	// container.
	valuePath := func() string {
		if len(stack) == 0 {
			return ""
		}
		f := stack[len(stack)-1]
		if f.obj {
			f.wantKey = true // after this value, the next key
			if f.path == "" {
				return f.key
			}
			return f.path + "." + f.key
		}
		f.n++
		return fmt.Sprintf("%s[%d]", f.path, f.n-1)
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // the decoder reports a syntax error itself
		}
		if len(stack) > 0 {
			if f := stack[len(stack)-1]; f.obj && f.wantKey {
				k, ok := tok.(string)
				if !ok { // '}'
					stack = stack[:len(stack)-1]
					if len(stack) == 0 {
						return nil
					}
					continue
				}
				folded := k
				if len(stack) == 1 {
					folded = foldKey(k)
				}
				if first, dup := f.keys[folded]; dup {
					name := k
					if f.path != "" {
						name = f.path + "." + k
					}
					if first != k {
						return fmt.Errorf("duplicate key %q (the same field as %q: keys are matched without regard to case)", name, first)
					}
					return fmt.Errorf("duplicate key %q", name)
				}
				f.keys[folded] = k
				f.key, f.wantKey = k, false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{obj: true, path: valuePath(), keys: map[string]string{}, wantKey: true})
		case json.Delim('['):
			stack = append(stack, &frame{path: valuePath()})
		case json.Delim(']'):
			stack = stack[:len(stack)-1]
		default:
			valuePath()
		}
		if len(stack) == 0 {
			return nil // one whole value read
		}
	}
}

// foldKey maps keys that encoding/json takes for the same field name (equal
// under Unicode simple case folding, as bytes.EqualFold) to one string.
func foldKey(k string) string {
	return strings.Map(func(r rune) rune {
		// The smallest rune of r's folding orbit stands for all of it.
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		return m
	}, k)
}
