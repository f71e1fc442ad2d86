package scenario

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tradebloc/tradebloc/internal/report"
)

// parser carries what every error needs (the file name) and how to read the
// CSV files a scenario names.
type parser struct {
	file string
	dir  string
	// readFile reads a file named in the scenario; nil forbids file
	// references (scenarios posted to the HTTP API must not read the
	// server's disk).
	readFile func(path string) ([]byte, error)
	// inputs are the files read so far (Scenario.Inputs).
	inputs []string
}

// Load reads and parses a scenario file. Relative paths inside it (`data`,
// `file`) are resolved against the file's directory.
//
// A file that cannot be read for a reason of its own (missing, a
// directory, no permission) is bad input (exit 2) naming it, as a CSV file
// the scenario names is; only a failing disk is an I/O error.
func Load(path string) (*Scenario, error) {
	b, err := report.ReadInput("load scenario", "scenario", path)
	if err != nil {
		return nil, err
	}
	return Parse(b, path)
}

// Parse parses scenario YAML read from file (used for error messages and to
// resolve relative paths; CSV files it names are read from disk).
func Parse(b []byte, file string) (*Scenario, error) {
	p := &parser{file: file, dir: filepath.Dir(file), readFile: os.ReadFile}
	if file == "" {
		p.dir = ""
	}
	return p.parse(b)
}

// JSONFile is the file name given in errors for scenarios parsed by
// ParseJSON.
const JSONFile = "<json>"

// ParseJSON parses a scenario given as JSON with the keys of the YAML file
// (the form the HTTP API receives). JSON is YAML, so the same strict parser
// applies; errors carry line and column in the JSON text. File references
// (`file:`) are refused, since the request's author does not own the disk.
func ParseJSON(b []byte) (*Scenario, error) {
	p := &parser{file: JSONFile}
	return p.parse(b)
}

var topKeys = []string{"name", "description", "source", "data", "model", "shocks", "coalition", "transshipment", "retaliation"}

func (p *parser) parse(b []byte) (*Scenario, error) {
	root, err := p.document(b)
	if err != nil {
		return nil, err
	}
	f, err := p.mapping(root, "", topKeys)
	if err != nil {
		return nil, err
	}
	sc := &Scenario{Data: Embedded, File: p.file, Dir: p.dir}
	if p.file == JSONFile {
		sc.File = ""
	}
	if p.readFile != nil && p.file != "" {
		p.inputs = append(p.inputs, p.file)
	}
	for _, t := range []struct {
		key string
		dst *string
	}{{"name", &sc.Name}, {"description", &sc.Description}, {"source", &sc.Source}, {"data", &sc.Data}} {
		if n, ok := f.get(t.key); ok {
			if *t.dst, err = p.text(n, t.key); err != nil {
				return nil, err
			}
		}
	}
	if n, ok := f.get("data"); ok {
		sc.DataPos = p.posOf(deref(n), "data")
	}
	if sc.Name == "" && p.file != "" && p.file != JSONFile {
		sc.Name = strings.TrimSuffix(filepath.Base(p.file), filepath.Ext(p.file))
	}
	if n, ok := f.get("model"); ok {
		if sc.Model, err = p.modelSpec(n); err != nil {
			return nil, err
		}
	}
	if n, ok := f.get("shocks"); ok {
		if sc.Shocks, err = p.shocks(n); err != nil {
			return nil, err
		}
	}
	if n, ok := f.get("coalition"); ok {
		if sc.Coalition, err = p.coalition(n); err != nil {
			return nil, err
		}
	}
	if n, ok := f.get("transshipment"); ok {
		if sc.Transship, err = p.transshipment(n); err != nil {
			return nil, err
		}
	}
	if n, ok := f.get("retaliation"); ok {
		if sc.Retaliation, err = p.retaliation(n); err != nil {
			return nil, err
		}
		if sc.Coalition != nil && sc.Retaliation.Rule != RuleNone {
			// The game sets every member's and the leader's tariffs itself,
			// membership by membership; a fixed answer would not follow them.
			return nil, sc.Retaliation.Pos.errorf("retaliation: cannot be combined with coalition: — the coalition game sets the tariffs of the leader and the members itself; the target's answer belongs in the coalition block")
		}
	}
	sc.Inputs = p.inputs
	return sc, nil
}

// document parses b into its single YAML document's root node.
func (p *parser) document(b []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, Pos{File: p.file, Line: 1}.errorf("empty scenario: want a map with keys %s", strings.Join(topKeys, ", "))
		}
		return nil, p.syntaxError(err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); err != io.EOF {
		line := more.Line
		if err != nil {
			return nil, p.syntaxError(err)
		}
		return nil, Pos{File: p.file, Line: line}.errorf("more than one YAML document: a scenario file holds one")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	return root, nil
}

// syntaxError turns the YAML library's "yaml: line N: msg" into an error
// located at that line.
func (p *parser) syntaxError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if k := strings.IndexByte(rest, ':'); k > 0 {
			if n, err := strconv.Atoi(rest[:k]); err == nil {
				line, msg = n, strings.TrimSpace(rest[k+1:])
			}
		}
	}
	return Pos{File: p.file, Line: line}.errorf("YAML syntax: %s", msg)
}

var shockKinds = []string{string(KindTariff), string(KindTradeCost), string(KindRebalance), string(KindExportSubsidy), string(KindCapitalFlow), string(KindRestriction)}

// shocks parses the `shocks:` list.
func (p *parser) shocks(n *yaml.Node) ([]Shock, error) {
	n = deref(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil // `shocks:` with nothing under it: the baseline
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.posOf(n, "shocks").errorf("want a list of shocks (items starting with -), got %s", kindName(n))
	}
	out := make([]Shock, 0, len(n.Content))
	for k, item := range n.Content {
		path := "shocks[" + strconv.Itoa(k) + "]"
		f, err := p.mapping(item, path, shockKinds)
		if err != nil {
			return nil, err
		}
		switch len(f.order) {
		case 0:
			return nil, p.posOf(f.at, path).errorf("empty shock: want one of %s", strings.Join(shockKinds, ", "))
		case 1:
		default:
			second := f.byKey[f.order[1]].key
			return nil, p.posOf(second, sub(path, f.order[1])).errorf("a shock has one kind; start another list item (-) for %q", f.order[1])
		}
		kind := f.order[0]
		e := f.byKey[kind]
		sh := Shock{Kind: Kind(kind), Pos: p.posOf(e.key, sub(path, kind))}
		switch sh.Kind {
		case KindTariff:
			sh.Tariff, err = p.tariff(e.val, sub(path, kind))
		case KindTradeCost:
			sh.TradeCost, err = p.tradeCost(e.val, sub(path, kind))
		case KindRebalance:
			sh.Rebalance, err = p.rebalance(e.val, sub(path, kind))
		case KindExportSubsidy:
			sh.ExportSubsidy, err = p.exportSubsidy(e.val, sub(path, kind))
		case KindCapitalFlow:
			sh.CapitalFlow, err = p.capitalFlow(e.val, sub(path, kind))
		case KindRestriction:
			sh.Restriction, err = p.exportRestriction(e.val, sub(path, kind))
		}
		if err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	return out, nil
}

// exactlyOne returns which of keys f holds, requiring exactly one.
func (p *parser) exactlyOne(f *fields, keys ...string) (string, error) {
	found := ""
	for _, k := range keys {
		if !f.has(k) {
			continue
		}
		if found != "" {
			return "", p.posOf(f.byKey[k].key, sub(f.path, k)).errorf("%q and %q cannot be combined: give one of %s", found, k, strings.Join(keys, ", "))
		}
		found = k
	}
	if found == "" {
		return "", p.posOf(f.at, f.path).errorf("want one of %s", strings.Join(keys, ", "))
	}
	return found, nil
}

// atMostOne returns the one of keys that f has ("" for none), refusing two.
func (p *parser) atMostOne(f *fields, keys ...string) (string, error) {
	found := ""
	for _, k := range keys {
		if !f.has(k) {
			continue
		}
		if found != "" {
			return "", p.posOf(f.byKey[k].key, sub(f.path, k)).errorf("%q and %q cannot be combined: give one of them", found, k)
		}
		found = k
	}
	return found, nil
}

// forbid rejects keys that make no sense with the chosen form.
func (p *parser) forbid(f *fields, form string, keys ...string) error {
	for _, k := range keys {
		if e, ok := f.byKey[k]; ok {
			return p.posOf(e.key, sub(f.path, k)).errorf("%q cannot be used with %q", k, form)
		}
	}
	return nil
}

// optSelector reads an optional selector key.
func (p *parser) optSelector(f *fields, key string) (Selector, error) {
	n, ok := f.get(key)
	if !ok {
		return nil, nil
	}
	return p.selector(n, sub(f.path, key))
}

// reqSelector reads a required selector key.
func (p *parser) reqSelector(f *fields, key, why string) (Selector, error) {
	n, ok := f.get(key)
	if !ok {
		return nil, p.missing(f, key, why)
	}
	return p.selector(n, sub(f.path, key))
}

// readCSV reads a file named by a scenario's `file` key.
func (p *parser) readCSV(f *fields) (name string, b []byte, err error) {
	n, _ := f.get("file")
	at := p.posOf(deref(n), sub(f.path, "file"))
	rel, err := p.text(n, at.Field)
	if err != nil {
		return "", nil, err
	}
	if p.readFile == nil {
		return "", nil, at.errorf("file references are not allowed here (give the rates inline)")
	}
	name = rel
	if !filepath.IsAbs(rel) && p.dir != "" {
		name = filepath.Join(p.dir, rel)
	}
	b, err = p.readFile(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is in the message already
		}
		return "", nil, at.errorf("cannot read %s: %v", name, err)
	}
	p.inputs = append(p.inputs, name)
	return name, b, nil
}
