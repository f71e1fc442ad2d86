package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "tradebloc",
		Short: "Quantify trade wars and trade blocs on real data",
		Long: `tradebloc prices tariffs, rebalancing moves and trade coalitions with a
general-equilibrium trade model run on embedded world data (195 economies incl.
Taiwan, goods trade 2023), and reproduces the 2025 US reciprocal-tariff formula.

Environment: TRADEBLOC_DEBUG=1 prints, after the one-line message of an
error that reports a panic (a bug in tradebloc), the panicking code's stack
to stderr, for the bug report.`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &errs.Error{Kind: errs.Invalid, Err: fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
	})
	for _, newCmd := range commands {
		root.AddCommand(newCmd())
	}
	guardCommands(root)
	refuseUnknownCommands(root)
	return root
}

// refuseUnknownCommands makes a word that names no subcommand bad usage
// (exit 2) on every command that only groups others. Left to cobra, the root
// fails with a plain error (exit 1) and a group such as 'data' prints its
// help and exits 0, so a script's typo passes unnoticed.
func refuseUnknownCommands(c *cobra.Command) {
	for _, sub := range c.Commands() {
		refuseUnknownCommands(sub)
	}
	if !c.HasSubCommands() || c.Runnable() {
		return
	}
	c.Args = cobra.ArbitraryArgs
	c.RunE = func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return c.Help()
		}
		msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
		if s := c.SuggestionsFor(args[0]); len(s) > 0 {
			msg += fmt.Sprintf(" (did you mean %q?)", s[0])
		}
		return &errs.Error{Kind: errs.Invalid, Err: fmt.Errorf("%s (see '%s --help')", msg, c.CommandPath())}
	}
}

// commands is filled by each cmd_*.go file's init, so that subcommands can be
// added in files of their own without touching this one. Constructors, not
// commands, are registered: each root gets fresh commands and flag values, so
// tests can run the CLI many times in one process.
var commands []func() *cobra.Command

// register adds a top-level subcommand constructor.
func register(newCmd func() *cobra.Command) { commands = append(commands, newCmd) }

// usageArgs wraps cobra's positional-argument checks so that a wrong count is
// bad usage (exit 2).
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := check(c, args); err != nil {
			return &errs.Error{Kind: errs.Invalid, Err: fmt.Errorf("%w%s (see '%s --help')", err, missingHint(c, args), c.CommandPath())}
		}
		return nil
	}
}

// missingHint says what a command run without its argument wants, for the
// arguments a first-time user cannot guess: a scenario (a built-in or a
// file), a plan, a playbook.
func missingHint(c *cobra.Command, args []string) string {
	if len(args) > 0 {
		return ""
	}
	fields := strings.Fields(c.Use)
	if len(fields) < 2 {
		return ""
	}
	switch fields[1] {
	case "SCENARIO", "SCENARIO_A":
		return "; name a built-in scenario (list: tradebloc scenarios; e.g. coalition-of-the-compelled) or a scenario file"
	case "PLAN":
		return "; name a plan (e.g. after-the-ruling) or a plan file"
	case "NAME":
		if c.Parent() != nil && c.Parent().Name() == "playbooks" {
			return "; name a playbook (list: tradebloc playbooks list)"
		}
	}
	return ""
}

// outputFlags are the --format and --out flags shared by commands with
// tabular output.
type outputFlags struct {
	format string
	out    string
}

func (o *outputFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&o.format, "format", "table", "output format: table, json, csv or md")
	c.Flags().StringVar(&o.out, "out", "", "write the output to this file (atomically) instead of stdout")
}

// emit renders with render into memory and commits to stdout or --out,
// together with the command's other output files (--shocks-out, --html),
// all or none (report.Batch): when one cannot be written, none is, and
// nothing is printed.
func (o *outputFlags) emit(c *cobra.Command, render func(w io.Writer, f report.Format) error, others ...report.File) error {
	f, err := report.ParseFormat(o.format)
	if err != nil {
		return err
	}
	out := report.NewOutput(o.out, c.OutOrStdout())
	if err := render(out, f); err != nil {
		return err
	}
	return out.CommitWith(others...)
}
