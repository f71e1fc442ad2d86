package plan

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/coalition"
	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/simulate"
)

// The results of plan, simulate and coalition runs are described in the
// API's schema (internal/server/ui/openapi.json, components PlanReport,
// SimulateReport and CoalitionReport, the result of GET /api/v1/runs/{id}).
// These tests live here because plan imports simulate and coalition; the
// server package, which serves the file, is not needed to read it.

// openAPI is the API's schema document.
func openAPI(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile("../server/ui/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// schemaChecker walks a JSON value against a schema of the document,
// recording every key the schema does not describe, every value of
// another type, and every property of a component it has seen.
type schemaChecker struct {
	comps   map[string]any
	errs    []string
	visited map[string]bool // "Component.property"
	reached map[string]bool // components reached
}

func newSchemaChecker(doc map[string]any) *schemaChecker {
	comps := doc["components"].(map[string]any)["schemas"].(map[string]any)
	return &schemaChecker{comps: comps, visited: map[string]bool{}, reached: map[string]bool{}}
}

func (c *schemaChecker) fail(format string, args ...any) {
	if e := fmt.Sprintf(format, args...); !slices.Contains(c.errs, e) {
		c.errs = append(c.errs, e)
	}
}

// resolve follows $ref and a one-element allOf (the form a $ref takes
// beside a description or nullable), returning the schema, the
// component's name ("" for an inline schema) and whether null is allowed.
func (c *schemaChecker) resolve(s map[string]any) (map[string]any, string, bool) {
	nullable, _ := s["nullable"].(bool)
	if all, ok := s["allOf"].([]any); ok && len(all) == 1 {
		inner, name, n := c.resolve(all[0].(map[string]any))
		return inner, name, nullable || n
	}
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		comp, ok := c.comps[name].(map[string]any)
		if !ok {
			c.fail("%s: no such component", ref)
			return map[string]any{}, name, nullable
		}
		c.reached[name] = true
		inner, _, n := c.resolve(comp)
		return inner, name, nullable || n
	}
	return s, "", nullable
}

func (c *schemaChecker) walk(path string, v any, s map[string]any) {
	s, comp, nullable := c.resolve(s)
	typ, _ := s["type"].(string)
	switch v := v.(type) {
	case nil:
		if !nullable {
			c.fail("%s: null, but the schema does not say nullable", path)
		}
	case map[string]any:
		if typ != "object" {
			c.fail("%s: an object, the schema says %q", path, typ)
			return
		}
		props, _ := s["properties"].(map[string]any)
		for k, x := range v {
			if p, ok := props[k].(map[string]any); ok {
				if comp != "" {
					c.visited[comp+"."+k] = true
				}
				c.walk(path+"."+k, x, p)
				continue
			}
			switch a := s["additionalProperties"].(type) {
			case map[string]any:
				c.walk(path+".{key}", x, a)
			case bool:
				if !a {
					c.fail("%s.%s: not in the schema", path, k)
				}
			default:
				c.fail("%s.%s: not in the schema", path, k)
			}
		}
	case []any:
		items, ok := s["items"].(map[string]any)
		if typ != "array" || !ok {
			c.fail("%s: an array, the schema says %q with items %v", path, typ, s["items"])
			return
		}
		for _, x := range v {
			c.walk(path+"[]", x, items)
		}
	case string:
		if typ != "string" {
			c.fail("%s: a string, the schema says %q", path, typ)
		}
	case bool:
		if typ != "boolean" {
			c.fail("%s: a boolean, the schema says %q", path, typ)
		}
	case float64:
		if typ != "number" && typ != "integer" || typ == "integer" && v != math.Trunc(v) {
			c.fail("%s: the number %g, the schema says %q", path, v, typ)
		}
	}
}

// unvisited lists the properties of the components reached that no value
// walked has: a key the schema describes and the result never emits
// (renamed, or left from a field removed).
func (c *schemaChecker) unvisited() []string {
	var out []string
	for name := range c.reached {
		comp, _, _ := c.resolve(map[string]any{"$ref": "#/components/schemas/" + name})
		props, _ := comp["properties"].(map[string]any)
		for k := range props {
			if !c.visited[name+"."+k] {
				out = append(out, name+"."+k)
			}
		}
	}
	slices.Sort(out)
	return out
}

// fill sets every field of v, at any depth, to a value that encoding/json
// writes (a string, true, 1, a one-element slice, a one-key map, a
// non-nil pointer), so that the document shows every key, those left out
// when empty included.
func fill(v reflect.Value, depth int) {
	if depth > 12 || !v.CanSet() {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth+1)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), depth+1)
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			fill(v.Index(i), depth+1)
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		fill(k, depth+1)
		e := reflect.New(v.Type().Elem()).Elem()
		fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.String:
		v.SetString("X")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1)
	case reflect.Interface:
		v.Set(reflect.ValueOf("X"))
	}
}

// asJSON is v as the CLI and the API write it (report.WriteJSON), decoded.
func asJSON(t *testing.T, v any) any {
	t.Helper()
	var b bytes.Buffer
	if err := report.WriteJSON(&b, v); err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestResultSchemasCoverEveryField: every key the plan, simulate and
// coalition results can emit is in the API's schema, with its type, and
// every key the schema gives them is one they emit. Each result type is
// filled in full (every field set, so the keys left out when empty are
// written too) and walked against its component. Before, the schema gave
// the result no shape at all ("result": the CLI's document), so
// branches[].notes and signposts[].definitional, added with the plan's
// branch notes, were described nowhere.
func TestResultSchemasCoverEveryField(t *testing.T) {
	doc := openAPI(t)
	for _, tc := range []struct {
		comp string
		v    any
	}{
		{"PlanReport", &Report{}},
		{"SimulateReport", &simulate.Report{}},
		{"CoalitionReport", &coalition.Report{}},
	} {
		t.Run(tc.comp, func(t *testing.T) {
			c := newSchemaChecker(doc)
			fill(reflect.ValueOf(tc.v).Elem(), 0)
			c.walk(tc.comp, asJSON(t, tc.v), map[string]any{"$ref": "#/components/schemas/" + tc.comp})
			for _, e := range c.errs {
				t.Error(e)
			}
			for _, p := range c.unvisited() {
				t.Errorf("%s: in the schema, never emitted", p)
			}
		})
	}
	run := doc["components"].(map[string]any)["schemas"].(map[string]any)["Run"].(map[string]any)
	result := fmt.Sprint(run["properties"].(map[string]any)["result"])
	for _, comp := range []string{"PlanReport", "SimulateReport", "CoalitionReport"} {
		if !strings.Contains(result, "#/components/schemas/"+comp) {
			t.Errorf("Run.result does not refer to %s: %s", comp, result)
		}
	}
}

// TestResultSchemasFitRuns walks the JSON of small real runs (a plan of
// two branches, one with the coalition game; a simulation of two rounds;
// a coalition game of two candidates) against the schema: the values a
// run writes (nulls, maps keyed by player, the types of numbers) are
// described as they come.
func TestResultSchemasFitRuns(t *testing.T) {
	doc := openAPI(t)
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, comp string, v any) {
		c := newSchemaChecker(doc)
		c.walk(comp, asJSON(t, v), map[string]any{"$ref": "#/components/schemas/" + comp})
		for _, e := range c.errs {
			t.Error(e)
		}
	}
	t.Run("plan", func(t *testing.T) {
		pl, err := Parse([]byte(memberPlan), "members.yaml")
		if err != nil {
			t.Fatal(err)
		}
		pl.Branches = pl.Branches[:2]
		pl.Branches[0].Probability, pl.Branches[1].Probability = 0.5, 0.5
		pl.Draws = 3
		rep, err := Run(context.Background(), pl, ds, Options{Start: "2026-03-01", Today: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		check(t, "PlanReport", rep)
	})
	t.Run("simulate", func(t *testing.T) {
		sc, _ := scenario.Builtin("coalition-of-the-compelled")
		w, err := simulate.NewWorld(sc, ds, "2026-03-01", true, 8)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(w.DropCache)
		prm := simulate.DefaultParams()
		prm.Rounds, prm.Scripted = 2, true
		prm.Moves = []simulate.Move{{Player: "KOR", Action: simulate.Rebalance, Size: 1, Round: 1}, {Player: "DEU", Action: simulate.Cut, Round: 1}}
		tr, err := w.Run(context.Background(), prm)
		if err != nil {
			t.Fatal(err)
		}
		check(t, "SimulateReport", tr.Report(1))
	})
	t.Run("coalition", func(t *testing.T) {
		const y = `name: two
model: {trade_elasticity: 4}
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, MEX]
  member_terms: {rate: 0.10}
  threat: {schedule: liberation-day}
  external_tariff: match
  target_response: reciprocal
  defector_penalty: 0.10
  transshipment: {elasticity: 4, cost: 0.05, capacity: 0.1}
`
		sc, err := scenario.Parse([]byte(y), "")
		if err != nil {
			t.Fatal(err)
		}
		rep, err := coalition.Analyze(context.Background(), sc, ds, coalition.Options{NoBands: true, Counter: true, Payoffs: true, Executor: executor.Local{Workers: 2}})
		if err != nil {
			t.Fatal(err)
		}
		check(t, "CoalitionReport", rep)
	})
}
