package main

import (
	"fmt"
	"io"

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
Taiwan, goods trade 2023), and reproduces the 2025 US reciprocal-tariff formula.`,
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
	return root
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
			return &errs.Error{Kind: errs.Invalid, Err: fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
		}
		return nil
	}
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

// emit renders with render into memory and commits to stdout or --out.
func (o *outputFlags) emit(c *cobra.Command, render func(w io.Writer, f report.Format) error) error {
	f, err := report.ParseFormat(o.format)
	if err != nil {
		return err
	}
	out := report.NewOutput(o.out, c.OutOrStdout())
	if err := render(out, f); err != nil {
		return err
	}
	return out.Commit()
}
