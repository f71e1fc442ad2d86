package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/numparse"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// guardCommands prepares every command under c before any runs:
//
//   - numeric flags take plain decimal numbers only (strictNumbers); counts
//     (countFlags) are ≥ 0, except on a command annotated ownRanges, which
//     checks its numbers' ranges itself (serve: --workers ≥ 1);
//   - a command's output files are checked before it computes anything:
//     each can be written, no two are the same file, and none overwrites
//     one of its inputs (checkFiles). A command that reads more inputs
//     than its flags and arguments show (a scenario's CSV files) checks
//     them again once it knows them (resolveScenario). A command annotated
//     dirOutput, whose --out names a directory (data build), checks it
//     itself.
func guardCommands(c *cobra.Command) {
	for _, sub := range c.Commands() {
		guardCommands(sub)
	}
	counts := countFlags
	if _, ok := c.Annotations[ownRanges]; ok {
		counts = nil
	}
	strictNumbers(c.Flags(), counts)
	if _, ok := c.Annotations[dirOutput]; ok || c.RunE == nil {
		return
	}
	run := c.RunE
	c.RunE = func(c *cobra.Command, args []string) error {
		if err := checkFiles(c, args); err != nil {
			return err
		}
		return run(c, args)
	}
}

// Annotations (cobra.Command.Annotations keys) that change what
// guardCommands does for a command.
const (
	// ownRanges: the command checks the ranges of its integer flags
	// itself; countFlags' meanings are not its own.
	ownRanges = "tradebloc.own-ranges"
	// dirOutput: the command's --out is a directory, which it checks
	// itself (checkFiles would refuse a directory as an output file).
	dirOutput = "tradebloc.dir-output"
)

// withField names flag as the field of err, so that an error about a path
// the user gave says which flag gave it: an *errs.Error that names no
// field gets flag as its field; another error is wrapped in one, kind
// kept.
func withField(err error, flag string) error {
	if err == nil {
		return nil
	}
	e, ok := err.(*errs.Error)
	switch {
	case !ok:
		return &errs.Error{Kind: errs.KindOf(err), Field: flag, Err: err}
	case e.Field == "":
		c := *e
		c.Field = flag
		return &c
	}
	return err
}

// outputFlagNames are the flags that name an output file.
var outputFlagNames = []string{"out", "shocks-out", "html"}

// inputFlagNames are the flags that name a file or directory a command
// reads.
var inputFlagNames = []string{"data", "payoffs", "sanctions-dir", "nats-creds", "nats-tls-cert", "nats-tls-key", "nats-tls-ca"}

// checkFiles checks c's output files against each other and its inputs
// (report.CheckOutputs): the files its flags and arguments name, and
// extra.
func checkFiles(c *cobra.Command, args []string, extra ...report.Input) error {
	var outputs []report.OutputPath
	for _, name := range outputFlagNames {
		if f := c.Flags().Lookup(name); f != nil && f.Value.Type() == "string" {
			outputs = append(outputs, report.OutputPath{Flag: "--" + name, Path: f.Value.String()})
		}
	}
	if len(outputs) == 0 {
		return nil
	}
	return report.CheckOutputs(outputs, append(commandInputs(c, args), extra...))
}

// commandInputs are the files and directories c reads that its arguments
// and flags name: an argument that names an existing file (a scenario or
// plan file) and the input flags' values.
func commandInputs(c *cobra.Command, args []string) []report.Input {
	var in []report.Input
	names := strings.Fields(c.Use)
	for k, a := range args {
		if _, err := os.Stat(a); err != nil {
			continue // a built-in name or a code, not a file
		}
		name := "argument"
		if k+1 < len(names) {
			name = strings.Trim(names[k+1], "[]")
		}
		in = append(in, report.Input{Name: name, Path: a})
	}
	for _, name := range inputFlagNames {
		f := c.Flags().Lookup(name)
		if f == nil || f.Value.Type() != "string" || f.Value.String() == "" {
			continue
		}
		if name == "data" && data.IsEmbeddedName(f.Value.String()) {
			continue
		}
		in = append(in, report.Input{Name: "--" + name, Path: f.Value.String()})
	}
	return in
}

// scenarioInputs are the files a parsed scenario was read from (its file
// and the CSV files its shocks name) and the dataset directory it names.
func scenarioInputs(sc *scenario.Scenario) []report.Input {
	var in []report.Input
	for _, p := range sc.Inputs {
		in = append(in, report.Input{Name: "scenario " + sc.Name, Path: p})
	}
	if dir := sc.DataDir(); dir != "" {
		in = append(in, report.Input{Name: "scenario " + sc.Name + ", data", Path: dir})
	}
	return in
}

// resolveScenario resolves a scenario argument (a built-in name or a file)
// and checks c's outputs against the files the scenario reads, before
// anything is computed.
func resolveScenario(c *cobra.Command, args []string, arg string) (*scenario.Scenario, error) {
	sc, err := scenario.Resolve(arg)
	if err != nil {
		return nil, err
	}
	if err := checkFiles(c, args, scenarioInputs(sc)...); err != nil {
		return nil, err
	}
	return sc, nil
}

// loadScenarioData loads the dataset a scenario runs on: --data (override)
// if given, else the scenario's `data`, whose directory must exist (an
// error at the scenario's `data` key, with its file and line, rather than
// the loader's, which knows neither).
func loadScenarioData(sc *scenario.Scenario, override string) (*data.Dataset, error) {
	if override == "" {
		if err := sc.CheckDataDir(); err != nil {
			return nil, err
		}
	}
	return engine.LoadData(sc, override)
}

// countFlags are integer flags that count something and cannot be
// negative, with what 0 means.
var countFlags = map[string]string{
	"workers":     "0 = all cores",
	"concurrency": "0 = all cores",
	"top":         "0 = the default",
}

// strictNumbers makes the numeric flags of fs take plain decimal numbers
// only. pflag reads them with strconv, which also takes hexadecimal
// (0x10), octal (010 is 8 for an integer), digit separators (1_000), Inf
// and NaN, and reads 1e-400 as 0: in a flag each is far more likely a slip
// than intent. Counts (the flags of counts, a name → what 0 means map)
// must also be ≥ 0.
func strictNumbers(fs *pflag.FlagSet, counts map[string]string) {
	fs.VisitAll(func(f *pflag.Flag) {
		switch v := f.Value; v.Type() {
		case "float64":
			if _, done := v.(decimalFloat); !done {
				f.Value = decimalFloat{v}
			}
		case "int", "int64":
			if _, done := v.(decimalInt); !done {
				bits := 0
				if v.Type() == "int64" {
					bits = 64
				}
				meaning, count := counts[f.Name]
				f.Value = decimalInt{Value: v, bits: bits, count: count, meaning: meaning}
			}
		}
	})
}

// decimalFloat is a float64 flag that takes decimal numbers only.
type decimalFloat struct{ pflag.Value }

func (v decimalFloat) Set(s string) error {
	if _, err := numparse.Float(s); err != nil {
		return errors.New(numparse.Explain(s, err))
	}
	return v.Value.Set(s)
}

// decimalInt is an int or int64 flag that takes decimal whole numbers
// only (010 is ten, not strconv's octal eight).
type decimalInt struct {
	pflag.Value
	bits    int
	count   bool // must be ≥ 0
	meaning string
}

func (v decimalInt) Set(s string) error {
	n, err := numparse.Int(s, v.bits)
	switch {
	case errors.Is(err, numparse.ErrRange):
		return fmt.Errorf("number %s is out of range", s)
	case err != nil:
		return fmt.Errorf("want a decimal whole number, got %q", s)
	case v.count && n < 0:
		return fmt.Errorf("want a whole number ≥ 0 (%s), got %d", v.meaning, n)
	}
	return v.Value.Set(strconv.FormatInt(n, 10))
}
