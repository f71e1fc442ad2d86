package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

func init() { register(newScenariosCommand) }

func newScenariosCommand() *cobra.Command {
	var out outputFlags
	c := &cobra.Command{
		Use:   "scenarios",
		Short: "List the built-in scenarios",
		Long: `List the scenarios built into tradebloc: the US tariff schedules of 2025–26
applied to the embedded dataset. Pass a name to 'tradebloc solve', or print
one with 'tradebloc scenarios show NAME' to start a scenario file of your own.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error { return runScenarios(c, out) },
	}
	out.add(c)
	c.AddCommand(&cobra.Command{
		Use:   "show NAME",
		Short: "Print a built-in scenario as YAML",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE:  func(c *cobra.Command, args []string) error { return runScenariosShow(c.OutOrStdout(), args[0]) },
	})
	return c
}

// scenarioInfo is one row of `tradebloc scenarios --format json`.
type scenarioInfo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Source      string `json:"source"`
}

func runScenarios(c *cobra.Command, out outputFlags) error {
	return out.emit(c, writeScenarioList)
}

func writeScenarioList(w io.Writer, f report.Format) error {
	var list []scenarioInfo
	for _, sc := range scenario.Builtins() {
		list = append(list, scenarioInfo{sc.Name, sc.Description, sc.Source})
	}
	if f == report.JSON {
		return report.WriteJSON(w, map[string]any{"scenarios": list})
	}
	t := &report.Table{Title: "Built-in scenarios", Columns: []string{"name", "description", "source"}}
	for _, s := range list {
		d, src := s.Description, s.Source
		if f == report.Text {
			d, src = shortDescription(d, maxDescriptionText), shortDescription(src, maxDescriptionText)
		}
		t.Add(s.Name, d, src)
	}
	if f == report.Text {
		t.Notes = []string{"", fmt.Sprintf("Descriptions and sources cut to %d characters here; --format md or json, or 'tradebloc scenarios show NAME', gives them whole.", maxDescriptionText),
			"Run one with 'tradebloc solve NAME'; print it with 'tradebloc scenarios show NAME'."}
	}
	return t.Write(w, f)
}

func runScenariosShow(w io.Writer, name string) error {
	b, ok := scenario.BuiltinSource(name)
	if !ok {
		return &errs.Error{Op: "scenarios show", Kind: errs.Invalid,
			Err: errors.New("no built-in scenario " + strconv.Quote(name) + " (built-ins: " + strings.Join(scenario.BuiltinNames(), ", ") + ")")}
	}
	_, err := w.Write(b)
	return err
}

// maxDescriptionText is the longest description the text table prints: the
// built-ins' run to 700 characters, which no terminal shows on one line.
const maxDescriptionText = 100

// shortDescription is d's first sentence when it fits in max characters,
// else d cut at the last space before max with an ellipsis.
func shortDescription(d string, max int) string {
	r := []rune(d)
	if len(r) <= max {
		return d
	}
	if k := strings.Index(d, ". "); k > 0 && len([]rune(d[:k+1])) <= max {
		return d[:k+1]
	}
	cut := string(r[:max-1])
	if k := strings.LastIndex(cut, " "); k > max/3 {
		cut = cut[:k]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}
