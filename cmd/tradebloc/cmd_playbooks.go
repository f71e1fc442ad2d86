package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/playbook"
	"github.com/tradebloc/tradebloc/internal/report"
)

func init() { register(newPlaybooksCommand) }

func newPlaybooksCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "playbooks",
		Short: "History's coalition playbooks applied to today's data",
		Long: `One playbook per precedent of the seed essay: Imperial Preference (1932), the
Continental System (1806–14), CoCom and the Battle Act (1949–94), the ABCD
embargo (1940–41), the EEC's common external tariff and the Chicken War
(1962–63), the OPEC embargo (1973–74) and the League of Nations' sanctions on
Italy (1935–36). 'run' encodes the mechanism on today's data and measures the
four lessons (unity, leverage, integration, counter-bloc absorption). An EU
member has no trade policy of its own: the EU27 plays as one member, leader
or target (GDP-weighted welfare), whichever of its members is picked.`,
		Args: usageArgs(cobra.NoArgs),
	}
	c.AddCommand(newPlaybooksListCommand(), newPlaybooksShowCommand(), newPlaybooksRunCommand())
	return c
}

func newPlaybooksListCommand() *cobra.Command {
	var out outputFlags
	c := &cobra.Command{
		Use: "list", Short: "List the playbooks", Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error {
			type item struct {
				Name    string `json:"name"`
				Period  string `json:"period"`
				Summary string `json:"summary"`
			}
			doc := struct {
				Playbooks []item `json:"playbooks"`
			}{}
			t := &report.Table{Title: "Playbooks", Columns: []string{"name", "period", "summary"}}
			for _, p := range playbook.All() {
				doc.Playbooks = append(doc.Playbooks, item{p.Name, p.Period, p.Summary})
				t.Add(p.Name, p.Period, p.Summary)
			}
			return out.emit(c, func(w io.Writer, f report.Format) error {
				if f == report.JSON {
					return report.WriteJSON(w, doc)
				}
				return t.Write(w, f)
			})
		},
	}
	out.add(c)
	return c
}

func newPlaybooksShowCommand() *cobra.Command {
	var out outputFlags
	c := &cobra.Command{
		Use: "show NAME", Short: "Show a playbook's account and mechanism", Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			p, err := playbook.Lookup(args[0])
			if err != nil {
				return err
			}
			return out.emit(c, func(w io.Writer, f report.Format) error {
				if f == report.JSON {
					return report.WriteJSON(w, p)
				}
				return accountTable(p).Write(w, f)
			})
		},
	}
	out.add(c)
	return c
}

func accountTable(p *playbook.Playbook) *report.Table {
	t := &report.Table{Title: fmt.Sprintf("%s (%s): %s", p.Name, p.Period, p.Summary), Columns: []string{"", ""}}
	t.Add("dates", p.Account.Dates)
	t.Add("members", p.Account.Members)
	t.Add("outcome", p.Account.Outcome)
	t.Add("sources", strings.Join(p.Account.Sources, "; "))
	t.Add("today's version", p.Mechanism)
	return t
}

func newPlaybooksRunCommand() *cobra.Command {
	var out outputFlags
	var data dataFlag
	var leader, target, sanctions string
	c := &cobra.Command{
		Use: "run NAME", Short: "Apply a playbook to today's data and measure the four lessons", Args: usageArgs(cobra.ExactArgs(1)),
		Example: `  tradebloc playbooks run imperial-preference
  tradebloc playbooks run cocom --leader USA --target CHN --format json`,
		RunE: func(c *cobra.Command, args []string) error {
			p, err := playbook.Lookup(args[0])
			if err != nil {
				return err
			}
			if _, err := report.ParseFormat(out.format); err != nil {
				return err
			}
			// Files asked for are read first, for every playbook, and
			// refused as `tradebloc serve --sanctions-dir` refuses them: a
			// bad directory is an error, not a note in a successful run.
			if sanctions != "" {
				if _, err := playbook.ReadSanctions(sanctions); err != nil {
					return &errs.Error{Op: "playbooks run", Kind: errs.KindOf(err), Field: "--sanctions-dir", Err: err}
				}
			}
			ds, err := data.load()
			if err != nil {
				return err
			}
			res, err := playbook.Run(p, ds, leader, target, sanctions)
			if err != nil {
				return err
			}
			return out.emit(c, func(w io.Writer, f report.Format) error {
				if f == report.JSON {
					return report.WriteJSON(w, res)
				}
				return res.Write(w, f)
			})
		},
	}
	out.add(c)
	data.add(c)
	c.Flags().StringVar(&leader, "leader", "USA", "the coalition's leader")
	c.Flags().StringVar(&target, "target", "CHN", "the economy the coalition pressures")
	c.Flags().StringVar(&sanctions, "sanctions-dir", "", "recompute the TIES and Martin (1992) statistics from the CSV files in this directory (default: the statistics embedded in tradebloc)")
	return c
}
