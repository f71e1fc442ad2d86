package plan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/numparse"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/simulate"
)

// Limits on a plan, so a typo cannot ask for a week of computing.
const (
	MaxDraws    = 100000
	MaxBranches = 20
	MaxRounds   = 40
)

type parser struct{ file string }

func (p *parser) errAt(n *yaml.Node, field, format string, args ...any) error {
	line, col := 0, 0
	if n != nil {
		line, col = n.Line, n.Column
	}
	return &errs.Error{Op: "plan", Kind: errs.Invalid, File: p.file, Line: line, Col: col, Field: field, Err: fmt.Errorf(format, args...)}
}

// Load reads a plan file.
func Load(path string) (*Plan, error) {
	b, err := report.ReadInput("plan", "plan", path)
	if err != nil {
		return nil, err
	}
	pl, err := Parse(b, path)
	if err != nil {
		return nil, err
	}
	pl.Dir = filepath.Dir(path)
	return pl, nil
}

var topKeys = []string{"name", "description", "source", "scenario", "start", "rounds", "draws", "seed", "top",
	"signpost_round", "rules", "parameters", "branches"}

// Parse reads a plan from YAML; file names it in errors.
func Parse(b []byte, file string) (*Plan, error) {
	p := &parser{file: file}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, p.errAt(&yaml.Node{Line: 1}, "", "empty plan: want a map with keys %s", strings.Join(topKeys, ", "))
		}
		return nil, p.syntax(err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, p.syntax(err)
		}
		return nil, p.errAt(&more, "", "more than one YAML document: a plan file holds one")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	f, err := p.mapping(root, "", topKeys)
	if err != nil {
		return nil, err
	}
	pl := &Plan{Scenario: "coalition-of-the-compelled", Rounds: 8, Draws: 1000, Seed: 1, SignpostRound: 2,
		Q: 2, Grace: 1, Theta: Range{4, 4}, Speed: Range{0.25, 0.25}, Cost: Range{0.2, 0.2}, File: file}
	if pl.Name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)); file == "" {
		pl.Name = "plan"
	}
	for _, t := range []struct {
		key string
		dst *string
	}{{"name", &pl.Name}, {"description", &pl.Description}, {"source", &pl.Source}, {"scenario", &pl.Scenario}, {"start", &pl.Start}} {
		if n, ok := f[t.key]; ok {
			if *t.dst, err = p.text(n, t.key); err != nil {
				return nil, err
			}
		}
	}
	if n, ok := f["scenario"]; ok {
		pl.ScenarioLine, pl.ScenarioCol = n.Line, n.Column
	}
	if n, ok := f["start"]; ok {
		if _, err := simulateDate(pl.Start); err != nil {
			return nil, p.errAt(n, "start", "want a date YYYY-MM-DD, got %q", pl.Start)
		}
	}
	ints := []struct {
		key      string
		dst      *int
		min, max int
	}{{"rounds", &pl.Rounds, 1, MaxRounds}, {"draws", &pl.Draws, 1, MaxDraws}, {"top", &pl.Top, 0, 16}, {"signpost_round", &pl.SignpostRound, 1, MaxRounds}}
	for _, t := range ints {
		if n, ok := f[t.key]; ok {
			if *t.dst, err = p.integer(n, t.key, t.min, t.max); err != nil {
				return nil, err
			}
		}
	}
	if pl.SignpostRound > pl.Rounds {
		return nil, p.errAt(f["signpost_round"], "signpost_round", "round %d is after the last round (%d)", pl.SignpostRound, pl.Rounds)
	}
	if n, ok := f["seed"]; ok {
		v, err := p.integer(n, "seed", 0, math.MaxInt)
		if err != nil {
			return nil, err
		}
		pl.Seed = uint64(v)
	}
	if n, ok := f["rules"]; ok {
		rf, err := p.mapping(n, "rules", []string{"q", "grace"})
		if err != nil {
			return nil, err
		}
		if v, ok := rf["q"]; ok {
			if pl.Q, err = p.integer(v, "rules.q", 1, MaxRounds); err != nil {
				return nil, err
			}
		}
		if v, ok := rf["grace"]; ok {
			if pl.Grace, err = p.integer(v, "rules.grace", 0, MaxRounds); err != nil {
				return nil, err
			}
		}
	}
	if n, ok := f["parameters"]; ok {
		if err := p.parameters(n, pl); err != nil {
			return nil, err
		}
	}
	n, ok := f["branches"]
	if !ok {
		return nil, p.errAt(root, "branches", "missing key \"branches\" (the ways events may unfold, with probabilities)")
	}
	if err := p.branches(n, pl); err != nil {
		return nil, err
	}
	return pl, nil
}

func simulateDate(s string) (any, error) {
	prm := simulate.DefaultParams()
	prm.Start = s
	return nil, prm.Check()
}

func (p *parser) parameters(n *yaml.Node, pl *Plan) error {
	f, err := p.mapping(n, "parameters", []string{"trade_elasticity", "adjustment_speed", "political_cost"})
	if err != nil {
		return err
	}
	for _, t := range []struct {
		key      string
		dst      *Range
		min, max float64
	}{{"trade_elasticity", &pl.Theta, 0.5, 30}, {"adjustment_speed", &pl.Speed, 0.01, 1}, {"political_cost", &pl.Cost, 0, 10}} {
		v, ok := f[t.key]
		if !ok {
			continue
		}
		field := "parameters." + t.key
		if v.Kind == yaml.ScalarNode {
			x, err := p.number(v, field, t.min, t.max)
			if err != nil {
				return err
			}
			*t.dst = Range{x, x}
			continue
		}
		rf, err := p.mapping(v, field, []string{"low", "high"})
		if err != nil {
			return err
		}
		lo, hi := rf["low"], rf["high"]
		if lo == nil || hi == nil {
			return p.errAt(v, field, "want {low: …, high: …} or one number")
		}
		if t.dst.Low, err = p.number(lo, field+".low", t.min, t.max); err != nil {
			return err
		}
		if t.dst.High, err = p.number(hi, field+".high", t.min, t.max); err != nil {
			return err
		}
		if t.dst.High < t.dst.Low {
			return p.errAt(hi, field+".high", "high %g is below low %g", t.dst.High, t.dst.Low)
		}
	}
	return nil
}

var branchKeys = []string{"name", "description", "probability", "coalition", "exclude", "join_round", "escalation", "moves"}

func (p *parser) branches(n *yaml.Node, pl *Plan) error {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return p.errAt(n, "branches", "want a list of branches, got %s", kind(n))
	}
	if len(n.Content) > MaxBranches {
		return p.errAt(n, "branches", "%d branches; at most %d", len(n.Content), MaxBranches)
	}
	sum := 0.0
	seen := map[string]int{}
	for k, bn := range n.Content {
		path := fmt.Sprintf("branches[%d]", k)
		f, err := p.mapping(bn, path, branchKeys)
		if err != nil {
			return err
		}
		b := Branch{JoinRound: 1, Escalation: true, Line: bn.Line}
		nn, ok := f["name"]
		if !ok {
			return p.errAt(bn, path+".name", "missing key \"name\"")
		}
		if b.Name, err = p.text(nn, path+".name"); err != nil {
			return err
		}
		if b.Name == "" {
			return p.errAt(nn, path+".name", "empty name")
		}
		if line, dup := seen[b.Name]; dup {
			return p.errAt(nn, path+".name", "branch %q already declared at line %d", b.Name, line)
		}
		seen[b.Name] = nn.Line
		if v, ok := f["description"]; ok {
			if b.Description, err = p.text(v, path+".description"); err != nil {
				return err
			}
		}
		pn, ok := f["probability"]
		if !ok {
			return p.errAt(bn, path+".probability", "missing key \"probability\"")
		}
		if b.Probability, err = p.number(pn, path+".probability", 0, 1); err != nil {
			return err
		}
		sum += b.Probability
		if v, ok := f["coalition"]; ok {
			if b.Coalition, err = p.boolean(v, path+".coalition"); err != nil {
				return err
			}
		}
		if v, ok := f["escalation"]; ok {
			if b.Escalation, err = p.boolean(v, path+".escalation"); err != nil {
				return err
			}
		}
		if v, ok := f["join_round"]; ok {
			if b.JoinRound, err = p.integer(v, path+".join_round", 1, pl.Rounds); err != nil {
				return err
			}
		}
		if v, ok := f["exclude"]; ok {
			if v.Kind != yaml.SequenceNode {
				return p.errAt(v, path+".exclude", "want a list of players, got %s", kind(v))
			}
			for i, e := range v.Content {
				s, err := p.text(e, fmt.Sprintf("%s.exclude[%d]", path, i))
				if err != nil {
					return err
				}
				b.Exclude = append(b.Exclude, s)
			}
		}
		if v, ok := f["moves"]; ok {
			if err := p.moves(v, path+".moves", pl.Rounds, &b); err != nil {
				return err
			}
		}
		pl.Branches = append(pl.Branches, b)
	}
	if math.Abs(sum-1) > 1e-6 {
		return p.errAt(n, "branches", "probabilities sum to %g; they must sum to 1", sum)
	}
	return nil
}

func (p *parser) moves(n *yaml.Node, path string, rounds int, b *Branch) error {
	if n.Kind != yaml.SequenceNode {
		return p.errAt(n, path, "want a list of moves, got %s", kind(n))
	}
	for k, mn := range n.Content {
		mp := fmt.Sprintf("%s[%d]", path, k)
		f, err := p.mapping(mn, mp, []string{"player", "action", "size", "round"})
		if err != nil {
			return err
		}
		m := Move{Round: 1}
		pn, ok := f["player"]
		if !ok {
			return p.errAt(mn, mp+".player", "missing key \"player\"")
		}
		if m.Player, err = p.text(pn, mp+".player"); err != nil {
			return err
		}
		an, ok := f["action"]
		if !ok {
			return p.errAt(mn, mp+".action", "missing key \"action\" (wait, cut, rebalance, join, retaliate, counter)")
		}
		if m.Action, err = p.text(an, mp+".action"); err != nil {
			return err
		}
		a, ok := simulate.ParseAction(m.Action)
		if !ok {
			return p.errAt(an, mp+".action", "unknown action %q (want wait, cut, rebalance, join, retaliate, counter)", m.Action)
		}
		if v, ok := f["size"]; ok {
			if a != simulate.Rebalance {
				return p.errAt(v, mp+".size", "only rebalance takes a size")
			}
			if m.Size, err = p.number(v, mp+".size", 0.01, 20); err != nil {
				return err
			}
		} else if a == simulate.Rebalance {
			m.Size = 2
		}
		if v, ok := f["round"]; ok {
			if m.Round, err = p.integer(v, mp+".round", 1, rounds); err != nil {
				return err
			}
		}
		b.Moves = append(b.Moves, m)
	}
	return nil
}

func (p *parser) syntax(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if k := strings.IndexByte(rest, ':'); k > 0 {
			if v, err := strconv.Atoi(rest[:k]); err == nil {
				line, msg = v, strings.TrimSpace(rest[k+1:])
			}
		}
	}
	return &errs.Error{Op: "plan", Kind: errs.Invalid, File: p.file, Line: line, Err: fmt.Errorf("YAML syntax: %s", msg)}
}

// mapping checks that n is a map with distinct keys from allowed.
func (p *parser) mapping(n *yaml.Node, path string, allowed []string) (map[string]*yaml.Node, error) {
	if n.Kind == yaml.AliasNode {
		return nil, p.errAt(n, path, "aliases are not supported in plan files")
	}
	if n.Kind != yaml.MappingNode {
		return nil, p.errAt(n, path, "want a map with keys %s, got %s", strings.Join(allowed, ", "), kind(n))
	}
	out := map[string]*yaml.Node{}
	for k := 0; k+1 < len(n.Content); k += 2 {
		key, val := n.Content[k], n.Content[k+1]
		field := join(path, key.Value)
		if key.Kind != yaml.ScalarNode {
			return nil, p.errAt(key, path, "want a key name, got %s", kind(key))
		}
		ok := false
		for _, a := range allowed {
			ok = ok || a == key.Value
		}
		if !ok {
			return nil, p.errAt(key, field, "unknown key %q (want one of %s)", key.Value, strings.Join(allowed, ", "))
		}
		if _, dup := out[key.Value]; dup {
			return nil, p.errAt(key, field, "key %q given twice", key.Value)
		}
		if val.Kind == yaml.AliasNode {
			return nil, p.errAt(val, field, "aliases are not supported in plan files")
		}
		out[key.Value] = val
	}
	return out, nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func kind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a map"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return strconv.Quote(n.Value)
	}
	return "nothing"
}

func (p *parser) text(n *yaml.Node, field string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", p.errAt(n, field, "want text, got %s", kind(n))
	}
	return n.Value, nil
}

func (p *parser) number(n *yaml.Node, field string, lo, hi float64) (float64, error) {
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		return 0, p.errAt(n, field, "want a number, got %s", kind(n))
	}
	v, err := numparse.Float(n.Value)
	if err == nil && numparse.LeadingZero(n.Value) {
		return 0, p.errAt(n, field, "want a decimal number, got %s: YAML reads a leading zero as octal; write it without", n.Value)
	}
	if err != nil {
		return 0, p.errAt(n, field, "%s", numparse.Explain(n.Value, err))
	}
	if v < lo || v > hi {
		return 0, p.errAt(n, field, "want a number from %g to %g, got %s", lo, hi, n.Value)
	}
	return v, nil
}

func (p *parser) integer(n *yaml.Node, field string, lo, hi int) (int, error) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		return 0, p.errAt(n, field, "want a whole number, got %s", kind(n))
	}
	// Decimal only: strconv's base 0 (and YAML) would read 0x10, 0o17,
	// 1_000 and 010 (8).
	v, err := numparse.Int(n.Value, 64)
	if err == nil && numparse.LeadingZero(n.Value) {
		return 0, p.errAt(n, field, "want a decimal whole number, got %s: YAML reads a leading zero as octal; write it without", n.Value)
	}
	if errors.Is(err, numparse.ErrSyntax) {
		return 0, p.errAt(n, field, "want a decimal whole number, got %s", n.Value)
	}
	if err != nil || v < int64(lo) || v > int64(hi) {
		return 0, p.errAt(n, field, "want a whole number from %d to %d, got %s", lo, hi, n.Value)
	}
	return int(v), nil
}

func (p *parser) boolean(n *yaml.Node, field string) (bool, error) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		return false, p.errAt(n, field, "want true or false, got %s", kind(n))
	}
	v, _ := strconv.ParseBool(strings.ToLower(n.Value))
	return v, nil
}
