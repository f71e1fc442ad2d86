package scenario

import (
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/model"
)

const fullYAML = `name: full
description: every key
source: a citation
data: ../mydata
model:
  trade_elasticity: 5
  deficits: ratio
  labor_supply_elasticity: 0.5
  scale_elasticity: 0.1
  tariff_revenue: income_tax
  numeraire: USA
shocks:
  - tariff: {importer: USA, exporter: "*", rate: 0.10}
  - tariff: {importer: USA, exporter: [CHN, MEX], add: 0.20, sector: MAN}
  - tariff: {importer: USA, file: rates.csv}
  - tariff: {importer: USA, schedule: liberation-day, exporter: EU27}
  - tariff: {importer: "*", exporter: USA, mirror: true}
  - trade_cost: {importer: JPN, exporter: CAN, partial_effect: 0.47}
  - trade_cost: {importer: JPN, exporter: CAN, factor: 0.9, sector: [AGR]}
  - trade_cost: {file: costs.csv}
`

func TestParseEveryKey(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"s.yaml":    fullYAML,
		"rates.csv": "exporter,rate,sector\nCHN,0.5,MAN\nDEU,0.2,\n",
		"costs.csv": "exporter,importer,factor\nCAN,JPN,0.8\n",
	})
	sc, err := Load(filepath.Join(dir, "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "full" || sc.Description != "every key" || sc.Source != "a citation" || sc.Data != "../mydata" {
		t.Errorf("top-level keys: %+v", sc)
	}
	if got, want := sc.DataDir(), filepath.Join(dir, "../mydata"); got != want {
		t.Errorf("DataDir = %q, want %q", got, want)
	}
	m := sc.Model
	if m.Theta != 5 || m.Deficits != model.Ratio || m.Kappa != 0.5 || m.Psi != 0.1 || m.Revenue != model.IncomeTax || m.Numeraire.Name != "USA" {
		t.Errorf("model: %+v", m)
	}
	if len(sc.Shocks) != 8 {
		t.Fatalf("%d shocks, want 8", len(sc.Shocks))
	}
	kinds := []Kind{KindTariff, KindTariff, KindTariff, KindTariff, KindTariff, KindTradeCost, KindTradeCost, KindTradeCost}
	ops := []TariffOp{SetRate, AddRate, RateFile, Schedule, Mirror}
	for k, sh := range sc.Shocks {
		if sh.Kind != kinds[k] {
			t.Errorf("shock %d kind %q, want %q", k, sh.Kind, kinds[k])
		}
		if k < len(ops) && sh.Tariff.Op != ops[k] {
			t.Errorf("shock %d op %v, want %v", k, sh.Tariff.Op, ops[k])
		}
	}
	add := sc.Shocks[1].Tariff
	if add.Value != 0.2 || names(add.Exporter) != "CHN,MEX" || names(add.Sector) != "MAN" {
		t.Errorf("add shock: %+v", add)
	}
	if p := add.Exporter[1].Pos; p.Line != 14 || p.Field != "shocks[1].tariff.exporter[1]" {
		t.Errorf("position of MEX: %+v", p)
	}
	file := sc.Shocks[2].Tariff
	wantRows := []RateRow{{Exporter: Ref{Name: "CHN"}, Sector: Ref{Name: "MAN"}, Rate: 0.5}, {Exporter: Ref{Name: "DEU"}, Rate: 0.2}}
	if len(file.Rows) != 2 {
		t.Fatalf("rates rows: %+v", file.Rows)
	}
	for k, r := range file.Rows {
		if r.Exporter.Name != wantRows[k].Exporter.Name || r.Sector.Name != wantRows[k].Sector.Name || r.Rate != wantRows[k].Rate {
			t.Errorf("rates row %d: %+v", k, r)
		}
	}
	if file.Rows[1].Pos.Line != 3 || file.Rows[1].Pos.Field != "rate" {
		t.Errorf("rates row position: %+v", file.Rows[1].Pos)
	}
	if s := sc.Shocks[3].Tariff; s.Schedule.Name != "liberation-day" || names(s.Exporter) != "EU27" {
		t.Errorf("schedule shock: %+v", s)
	}
	if s := sc.Shocks[4].Tariff; names(s.Importer) != "*" || names(s.Exporter) != "USA" {
		t.Errorf("mirror shock: %+v", s)
	}
	if d := sc.Shocks[5].TradeCost; d.Measure != PartialEffect || d.Value != 0.47 {
		t.Errorf("partial effect: %+v", d)
	}
	if d := sc.Shocks[6].TradeCost; d.Measure != Factor || d.Value != 0.9 || names(d.Sector) != "AGR" {
		t.Errorf("factor: %+v", d)
	}
	if d := sc.Shocks[7].TradeCost; len(d.Rows) != 1 || d.Rows[0].Measure != Factor || d.Rows[0].Value != 0.8 || d.File != "costs.csv" {
		t.Errorf("cost file: %+v", d)
	}
}

func names(sel Selector) string {
	s := make([]string, len(sel))
	for k, r := range sel {
		s[k] = r.Name
	}
	return strings.Join(s, ",")
}

func TestParseDefaults(t *testing.T) {
	sc, err := Parse([]byte("shocks: []\n"), "dir/my-case.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "my-case" || sc.Data != Embedded || sc.DataDir() != "" || sc.Dir != "dir" {
		t.Errorf("defaults: %+v", sc)
	}
	if !reflect.DeepEqual(sc.Model, ModelSpec{}) {
		t.Errorf("model defaults: %+v", sc.Model)
	}
	c, err := Compile(sc, smallDataset())
	if err != nil {
		t.Fatal(err)
	}
	// θ: MAN has 6 in the dataset, AGR none → 4.
	if o := c.Options; !reflect.DeepEqual(o.Theta, []float64{4, 6}) || o.Deficits != model.Fixed || o.Revenue != model.LumpSum || o.Numeraire != model.WorldPrice {
		t.Errorf("default options: %+v", o)
	}
	if c.Shocks.Tariff != nil || c.Shocks.Cost != nil {
		t.Errorf("no shocks should give nil slices")
	}
}

// TestParseErrors checks that each bad input is reported at the right place.
func TestParseErrors(t *testing.T) {
	cases := []struct {
		name      string
		yaml      string
		line, col int
		field     string
		msg       string
	}{
		{"misspelt shock kind", "shocks:\n  - traiff: {importer: USA, exporter: CHN, rate: 0.1}\n", 2, 5, "shocks[0].traiff", `did you mean "tariff"`},
		{"misspelt top key", "nmae: x\n", 1, 1, "nmae", `did you mean "name"`},
		{"misspelt model key", "model:\n  defecits: zero\n", 2, 3, "model.defecits", `did you mean "deficits"`},
		{"misspelt tariff key", "shocks:\n  - tariff: {importer: USA, exporter: CHN, rte: 0.1}\n", 2, 44, "shocks[0].tariff.rte", "unknown key"},
		{"negative theta", "model:\n  trade_elasticity: -2\n", 2, 21, "model.trade_elasticity", "must be > 0"},
		{"zero theta in map", "model:\n  trade_elasticity: {AGR: 4, MAN: 0}\n", 2, 35, "model.trade_elasticity.MAN", "must be > 0"},
		{"theta as text", "model:\n  trade_elasticity: four\n", 2, 21, "model.trade_elasticity", "want a number"},
		{"negative kappa", "model:\n  labor_supply_elasticity: -1\n", 2, 28, "model.labor_supply_elasticity", "≥ 0"},
		{"negative psi", "model:\n  scale_elasticity: -0.5\n", 2, 21, "model.scale_elasticity", "≥ 0"},
		{"unknown deficits", "model:\n  deficits: balanced\n", 2, 13, "model.deficits", "want fixed, ratio, zero or purge"},
		{"fixed cost share 1", "model:\n  fixed_cost_share: 1\n", 2, 21, "model.fixed_cost_share", "[0, 1)"},
		{"fixed cost share negative in map", "model:\n  fixed_cost_share: {USA: -0.1}\n", 2, 22, "model.fixed_cost_share.USA", "[0, 1)"},
		{"fixed cost share text", "model:\n  fixed_cost_share: high\n", 2, 21, "model.fixed_cost_share", "want a number or a map"},
		{"firm passthrough 0", "model:\n  firm_passthrough: 0\n", 2, 21, "model.firm_passthrough", "> 0"},
		{"unknown revenue", "model:\n  tariff_revenue: rebate\n", 2, 19, "model.tariff_revenue", "lump_sum or income_tax"},
		{"unknown numeraire", "model:\n  numeraire: world_prices\n", 2, 14, "model.numeraire", "want world_price, world_gdp, world_wage"},
		{"unknown competition", "model:\n  competition: monopolistic\n", 2, 16, "model.competition", "want perfect or krugman"},
		{"rate -1.5", "shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: -1.5}\n", 2, 50, "shocks[0].tariff.rate", "> −1"},
		{"rate -1", "shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: -1}\n", 2, 50, "shocks[0].tariff.rate", "> −1"},
		{"rate as string", "shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: \"0.1\"}\n", 2, 50, "shocks[0].tariff.rate", "want a number"},
		{"factor 0", "shocks:\n  - trade_cost: {importer: USA, exporter: CHN, factor: 0}\n", 2, 56, "shocks[0].trade_cost.factor", "from 0.001 to 1000"},
		{"factor 1e-100", "shocks:\n  - trade_cost: {importer: USA, exporter: CHN, factor: 1e-100}\n", 2, 56, "shocks[0].trade_cost.factor", "factor must be from 0.001 to 1000"},
		{"factor 1e4", "shocks:\n  - trade_cost: {importer: USA, exporter: CHN, factor: 1e4}\n", 2, 56, "shocks[0].trade_cost.factor", "factor must be from 0.001 to 1000"},
		{"partial effect 710", "shocks:\n  - trade_cost: {importer: USA, exporter: CHN, partial_effect: 710}\n", 2, 64, "shocks[0].trade_cost.partial_effect", "partial_effect must be from −20 to 20"},
		{"partial effect -21", "shocks:\n  - trade_cost: {importer: USA, exporter: CHN, partial_effect: -21}\n", 2, 64, "shocks[0].trade_cost.partial_effect", "partial_effect must be from −20 to 20"},
		{"digit separator", "model:\n  trade_elasticity: 1_0\n", 2, 21, "model.trade_elasticity", `want a decimal number (digits, an optional point and exponent: 12, -0.5, 1e-3), got "1_0"`},
		{"hexadecimal", "model:\n  trade_elasticity: 0x10\n", 2, 21, "model.trade_elasticity", `want a decimal number`},
		{"octal", "model:\n  trade_elasticity: 0o17\n", 2, 21, "model.trade_elasticity", `want a decimal number`},
		{"leading zero", "model:\n  trade_elasticity: 010\n", 2, 21, "model.trade_elasticity", "YAML reads a leading zero as octal"},
		{"hexadecimal float", "model:\n  trade_elasticity: 0x1p4\n", 2, 21, "model.trade_elasticity", "want a number"},
		{"infinity", "model:\n  trade_elasticity: .inf\n", 2, 21, "model.trade_elasticity", `want a decimal number`},
		{"underflow", "shocks:\n  - tariff: {importer: USA, exporter: CHN, add: 1e-400}\n", 2, 49, "shocks[0].tariff.add", "number 1e-400 is too small to represent and would become 0"},
		{"overflow", "model:\n  trade_elasticity: 1e400\n", 2, 21, "model.trade_elasticity", "number 1e400 is too large to represent"},
		{"percent text with separator", "shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: \"1_0%\"}\n", 2, 50, "shocks[0].tariff.rate", `want a percent such as "25%": want a decimal number`},
		{"rate and add", "shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 0.1, add: 0.1}\n", 2, 55, "shocks[0].tariff.add", "cannot be combined"},
		{"no rate", "shocks:\n  - tariff: {importer: USA, exporter: CHN}\n", 2, 13, "shocks[0].tariff", "want one of rate, rate_pct, add, add_pct"},
		{"rate as percent", "shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 25}\n", 2, 50, "shocks[0].tariff.rate", `rate 25 means 2500%; write 0.25, rate_pct: 25 or "25%"`},
		{"rate over 100% as a decimal", "shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 1.45}\n", 2, 50, "shocks[0].tariff.rate", `rate 1.45 means 145%; write 0.0145, rate_pct: 1.45 or "1.45%"; for 145% write rate_pct: 145`},
		{"add as percent", "shocks:\n  - tariff: {importer: USA, exporter: CHN, add: 5}\n", 2, 49, "shocks[0].tariff.add", "add 5 means 500%; write 0.05, add_pct: 5"},
		{"negative add as percent", "shocks:\n  - tariff: {importer: USA, exporter: CHN, add: -5}\n", 2, 49, "shocks[0].tariff.add", "add -5 means -500%"},
		{"rate and rate_pct", "shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 0.1, rate_pct: 10}\n", 2, 55, "shocks[0].tariff.rate_pct", "cannot be combined"},
		{"percent text without sign", "shocks:\n  - tariff: {importer: USA, exporter: CHN, rate_pct: \"ten\"}\n", 2, 54, "shocks[0].tariff.rate_pct", "want a number"},
		{"member rate as percent", "coalition:\n  member_terms: {rate: 10}\n", 2, 24, "coalition.member_terms.rate", "rate 10 means 1000%; write 0.1, rate_pct: 10"},
		{"member rates as percent", "coalition:\n  member_terms: {rates: {CAN: 4}}\n", 2, 31, "coalition.member_terms.rates.CAN", "rates 4 means 400%; write 0.04, rates_pct: 4"},
		{"member rates not a map", "coalition:\n  member_terms: {rates: [CAN]}\n", 2, 25, "coalition.member_terms.rates", "want a map from candidates to rates"},
		{"member rate twice", "coalition:\n  member_terms: {rates: {CAN: 0.04, CAN: 0.05}}\n", 2, 37, "coalition.member_terms.rates.CAN", "given twice"},
		{"member rates and baseline", "coalition:\n  member_terms: {rates: {CAN: 0.04}, baseline: true}\n", 2, 48, "coalition.member_terms.baseline", "contradicts rates"},
		{"member rates and rates_pct", "coalition:\n  member_terms: {rates: {CAN: 0.04}, rates_pct: {MEX: 6.8}}\n", 2, 38, "coalition.member_terms.rates_pct", "cannot be combined"},
		{"threat rate as percent", "coalition:\n  threat: {rate: 50}\n", 2, 18, "coalition.threat.rate", "rate 50 means 5000%"},
		{"threat record without date", "coalition:\n  threat: {schedule: us-record}\n", 2, 22, "coalition.threat.schedule", "needs a date"},
		{"threat named schedule with date", "coalition:\n  threat: {schedule: {name: liberation-day, date: 2025-04-09}}\n", 2, 51, "coalition.threat.schedule.date", "has its own date"},
		{"threat unknown schedule", "coalition:\n  threat: {schedule: libday}\n", 2, 22, "coalition.threat.schedule", "unknown tariff schedule"},
		{"threat with transship penalty", "coalition:\n  threat: {schedule: {name: us-record, date: 2025-08-07, transship_penalty: true}}\n", 2, 77, "coalition.threat.schedule.transship_penalty", "a threat has no transship_penalty"},
		{"external tariff as percent", "coalition:\n  external_tariff: 60\n", 2, 20, "coalition.external_tariff", "external_tariff 60 means 6000%; write 0.6, external_tariff_pct: 60"},
		{"unknown target response", "coalition:\n  target_response: tit_for_tat\n", 2, 20, "coalition.target_response", "want one of none, reciprocal, optimal"},
		{"silent and answering", "coalition:\n  retaliation: none\n  target_response: optimal\n", 2, 16, "coalition.retaliation", "contradicts target_response: optimal"},
		{"share and elasticity", "coalition:\n  transshipment: {share: 0.2, elasticity: 4}\n", 2, 31, "coalition.transshipment.elasticity", "cannot be combined"},
		{"capacity without elasticity", "coalition:\n  transshipment: {cost: 0.05, capacity: 0.1}\n", 2, 41, "coalition.transshipment.capacity", "capacity needs elasticity"},
		{"capacity above 1", "coalition:\n  transshipment: {elasticity: 4, capacity: 2}\n", 2, 44, "coalition.transshipment.capacity", "want a share in (0, 1]"},
		{"zero transshipment elasticity", "coalition:\n  transshipment: {elasticity: 0}\n", 2, 31, "coalition.transshipment.elasticity", "want an elasticity > 0"},
		{"unknown counter instrument", "coalition:\n  counter_bloc: {instrument: embargo}\n", 2, 30, "coalition.counter_bloc.instrument", "want one of tariff, export_restriction"},
		{"ban with tariff instrument", "coalition:\n  counter_bloc: {instrument: tariff, ban: true}\n", 2, 43, "coalition.counter_bloc.ban", "belongs to instrument: export_restriction"},
		{"ban false", "coalition:\n  counter_bloc: {instrument: export_restriction, ban: false}\n", 2, 55, "coalition.counter_bloc.ban", "give a rate instead"},
		{"zero restriction", "coalition:\n  counter_bloc: {instrument: export_restriction, rate: 0}\n", 2, 56, "coalition.counter_bloc.rate", "want an export tax > 0"},
		{"subsidy as percent", "shocks:\n  - export_subsidy: {exporter: CHN, rate: 13}\n", 2, 43, "shocks[0].export_subsidy.rate", "rate 13 means 1300%"},
		{"no importer", "shocks:\n  - tariff: {exporter: CHN, rate: 0.1}\n", 2, 13, "shocks[0].tariff.importer", "missing key"},
		{"no exporter", "shocks:\n  - tariff: {importer: USA, rate: 0.1}\n", 2, 13, "shocks[0].tariff.exporter", "missing key"},
		{"exporter with file", "shocks:\n  - tariff: {importer: USA, exporter: CHN, file: r.csv}\n", 2, 29, "shocks[0].tariff.exporter", "cannot be used"},
		{"mirror false", "shocks:\n  - tariff: {importer: \"*\", exporter: USA, mirror: false}\n", 2, 52, "shocks[0].tariff.mirror", "no effect"},
		{"unknown schedule", "shocks:\n  - tariff: {importer: USA, schedule: libday}\n", 2, 39, "shocks[0].tariff.schedule", "unknown tariff schedule"},
		{"duplicate key", "name: a\nname: b\n", 2, 1, "name", "given twice (first at line 1)"},
		{"duplicate nested key", "model:\n  deficits: zero\n  deficits: fixed\n", 3, 3, "model.deficits", "given twice"},
		{"two kinds in one item", "shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 0.1}\n    trade_cost: {importer: USA, exporter: CHN, factor: 0.9}\n", 3, 5, "shocks[0].trade_cost", "one kind"},
		{"shocks not a list", "shocks: {tariff: 1}\n", 1, 9, "shocks", "want a list"},
		{"model not a map", "model: 4\n", 1, 8, "model", "want a map"},
		{"empty importer list", "shocks:\n  - tariff: {importer: [], exporter: CHN, rate: 0.1}\n", 2, 24, "shocks[0].tariff.importer", "empty list"},
		{"number as code", "shocks:\n  - tariff: {importer: [USA, 7], exporter: CHN, rate: 0.1}\n", 2, 30, "shocks[0].tariff.importer[1]", "want text"},
		{"syntax error", "name: [a\n", 1, 0, "", "YAML syntax"},
		{"two documents", "name: a\n---\nname: b\n", 2, 0, "", "more than one YAML document"},
		{"empty file", "", 1, 0, "", "empty scenario"},
		{"not a map", "- a\n", 1, 1, "", "want a map"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.yaml), "case.yaml")
			e := asInvalid(t, err)
			if e.File != "case.yaml" || e.Line != tc.line || e.Col != tc.col || e.Field != tc.field || !strings.Contains(e.Error(), tc.msg) {
				t.Errorf("got %s:%d:%d field %q: %v\nwant case.yaml:%d:%d field %q containing %q",
					e.File, e.Line, e.Col, e.Field, e, tc.line, tc.col, tc.field, tc.msg)
			}
		})
	}
}

// TestParseCSVErrors checks that errors in a named CSV file point into it.
func TestParseCSVErrors(t *testing.T) {
	cases := []struct {
		name, kind, csv string
		line            int
		field, msg      string
	}{
		{"bad rate", "tariff: {importer: USA, file: data.csv}", "exporter,rate\nCHN,0.2\nDEU,abc\n", 3, "rate", "want a decimal number"},
		{"rate as percent", "tariff: {importer: USA, file: data.csv}", "exporter,rate\nCHN,0.2\nDEU,25\n", 3, "rate", `rate 25 means 2500%; write 0.25, "25%", or name the column rate_pct (this file gives rates as decimals`},
		{"both rate columns", "tariff: {importer: USA, file: data.csv}", "exporter,rate,rate_pct\nCHN,0.2,20\n", 1, "rate_pct", "not both"},
		{"rate -2", "tariff: {importer: USA, file: data.csv}", "exporter,rate\nCHN,-2\n", 2, "rate", "> −1"},
		{"empty exporter", "tariff: {importer: USA, file: data.csv}", "exporter,rate\n,0.1\n", 2, "exporter", "empty exporter"},
		{"unknown column", "tariff: {importer: USA, file: data.csv}", "exporter,rates\nCHN,0.1\n", 1, "rates", "unknown column"},
		{"missing column", "tariff: {importer: USA, file: data.csv}", "exporter,sector\nCHN,AGR\n", 1, "rate", "missing column"},
		{"short row", "tariff: {importer: USA, file: data.csv}", "exporter,rate\nCHN,0.1\nDEU\n", 3, "", "1 fields, want 2"},
		{"no rows", "tariff: {importer: USA, file: data.csv}", "exporter,rate\n", 2, "", "no data rows"},
		{"duplicate exporter", "tariff: {importer: USA, file: data.csv}", "exporter,rate\nCHN,0.5\nCHN,0.2\n", 3, "exporter", "duplicate row for exporter CHN (first on line 2)"},
		{"duplicate exporter and sector", "tariff: {importer: USA, file: data.csv}", "exporter,rate,sector\nCHN,0.5,MAN\nCHN,0.1,AGR\nDEU,0.1,\nCHN,0.2,MAN\n", 5, "exporter", "duplicate row for exporter CHN, sector MAN (first on line 2)"},
		{"trailing comma in header", "tariff: {importer: USA, file: data.csv}", "exporter,rate,\nCHN,0.5,\n", 1, "", "empty column name in the header (a trailing comma?)"},
		{"duplicate cost pair", "trade_cost: {file: data.csv}", "exporter,importer,factor\nCAN,JPN,0.9\nJPN,CAN,0.9\nCAN,JPN,0.8\n", 4, "exporter", "duplicate row for exporter CAN, importer JPN (first on line 2)"},
		{"cost factor 0", "trade_cost: {file: data.csv}", "exporter,importer,factor\nCAN,JPN,0\n", 2, "factor", "from 0.001 to 1000"},
		{"cost both columns", "trade_cost: {file: data.csv}", "exporter,importer,factor,partial_effect\nCAN,JPN,1,0\n", 1, "factor", "not both"},
		{"cost no measure", "trade_cost: {file: data.csv}", "exporter,importer\nCAN,JPN\n", 1, "partial_effect", "want partial_effect or factor"},
		{"cost factor 1e-100", "trade_cost: {file: data.csv}", "exporter,importer,factor\nCAN,JPN,1e-100\n", 2, "factor", "factor must be from 0.001 to 1000"},
		{"cost partial effect 710", "trade_cost: {file: data.csv}", "exporter,importer,partial_effect\nCAN,JPN,0.5\nJPN,CAN,710\n", 3, "partial_effect", "partial_effect must be from −20 to 20"},
		{"cost hexadecimal", "trade_cost: {file: data.csv}", "exporter,importer,factor\nCAN,JPN,0x1p-1\n", 2, "factor", `want a decimal number (digits, an optional point and exponent: 12, -0.5, 1e-3), got "0x1p-1"`},
		{"cost separator", "trade_cost: {file: data.csv}", "exporter,importer,partial_effect\nCAN,JPN,1_0.5\n", 2, "partial_effect", `got "1_0.5"`},
		{"cost underflow", "trade_cost: {file: data.csv}", "exporter,importer,partial_effect\nCAN,JPN,1e-400\n", 2, "partial_effect", "number 1e-400 is too small to represent and would become 0"},
		{"rate underflow", "tariff: {importer: USA, file: data.csv}", "exporter,rate\nCHN,1e-400\n", 2, "rate", "number 1e-400 is too small to represent"},
		{"rate separator", "tariff: {importer: USA, file: data.csv}", "exporter,rate_pct\nCHN,1_0%\n", 2, "rate_pct", `got "1_0%"`},
		{"empty rates file", "tariff: {importer: USA, file: data.csv}", "", 1, "", "empty file: want a header row with the columns exporter,rate (or rate_pct for percent) and optionally sector"},
		{"empty costs file", "trade_cost: {file: data.csv}", "", 1, "", "empty file: want a header row with the columns exporter,importer,partial_effect (or factor) and optionally sector"},
		{"rate infinity", "tariff: {importer: USA, file: data.csv}", "exporter,rate\nCHN,Inf\n", 2, "rate", `want a decimal number`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"s.yaml": "shocks:\n  - " + tc.kind + "\n", "data.csv": tc.csv})
			_, err := Load(filepath.Join(dir, "s.yaml"))
			e := asInvalid(t, err)
			if e.File != filepath.Join(dir, "data.csv") || e.Line != tc.line || e.Field != tc.field || !strings.Contains(e.Error(), tc.msg) {
				t.Errorf("got %v (file %s line %d field %q), want data.csv:%d field %q containing %q", e, e.File, e.Line, e.Field, tc.line, tc.field, tc.msg)
			}
		})
	}
}

func TestParseMissingCSV(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.yaml": "shocks:\n  - tariff: {importer: USA, file: nope.csv}\n"})
	e := asInvalid(t, func() error { _, err := Load(filepath.Join(dir, "s.yaml")); return err }())
	if e.Line != 2 || e.Col != 35 || e.Field != "shocks[0].tariff.file" || !strings.Contains(e.Error(), "nope.csv") {
		t.Errorf("got %v at %d:%d", e, e.Line, e.Col)
	}
}

func TestParseJSON(t *testing.T) {
	js := `{
	"name": "from-api",
	"model": {"trade_elasticity": {"AGR": 3, "MAN": 5}, "numeraire": "world_gdp"},
	"shocks": [
		{"tariff": {"importer": "USA", "exporter": "*", "rate": 0.1}},
		{"tariff": {"importer": "USA", "exporter": "CHN", "add": 0.2}}
	]
}`
	sc, err := ParseJSON([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "from-api" || len(sc.Shocks) != 2 || len(sc.Model.SectorTheta) != 2 || sc.Model.Numeraire.Name != "world_gdp" {
		t.Fatalf("parsed %+v", sc)
	}
	c, err := Compile(sc, smallDataset())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Options.Theta, []float64{3, 5}) || c.Options.Numeraire != model.WorldGDP {
		t.Errorf("options %+v", c.Options)
	}

	_, err = ParseJSON([]byte("{\"shocks\": [{\"tariff\": {\"importer\": \"USA\",\n \"exporter\": \"CHN\", \"rate\": -3}}]}"))
	e := asInvalid(t, err)
	if e.File != JSONFile || e.Line != 2 || e.Col != 29 || e.Field != "shocks[0].tariff.rate" {
		t.Errorf("JSON error %v at %d:%d", e, e.Line, e.Col)
	}
	_, err = ParseJSON([]byte(`{"shocks": [{"tariff": {"importer": "USA", "file": "/etc/passwd"}}]}`))
	if e := asInvalid(t, err); !strings.Contains(e.Error(), "not allowed") {
		t.Errorf("file reference in JSON: %v", e)
	}
}

// TestParsePercentForms: every way of writing a rate in percent gives the
// same decimal as the decimal form, exactly.
func TestParsePercentForms(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		want float64
	}{
		{"shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 0.25}\n", 0.25},
		{"shocks:\n  - tariff: {importer: USA, exporter: CHN, rate_pct: 25}\n", 0.25},
		{"shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 25%}\n", 0.25},
		{"shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: \"145%\"}\n", 1.45},
		{"shocks:\n  - tariff: {importer: USA, exporter: CHN, rate_pct: 145}\n", 1.45},
		{"shocks:\n  - tariff: {importer: USA, exporter: CHN, add_pct: 20}\n", 0.2},
		{"shocks:\n  - tariff: {importer: USA, exporter: CHN, add: -5%}\n", -0.05},
		{"shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 1}\n", 1},
	} {
		sc, err := Parse([]byte(tc.yaml), "case.yaml")
		if err != nil {
			t.Errorf("%q: %v", tc.yaml, err)
			continue
		}
		if got := sc.Shocks[0].Tariff.Value; got != tc.want {
			t.Errorf("%q: rate %v, want %v", tc.yaml, got, tc.want)
		}
	}
	sc, err := Parse([]byte("coalition:\n  member_terms: {rates_pct: {CAN: 4, EU27: 15%}}\n"), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c := sc.Coalition; c.MemberRate != 0.1 || len(c.MemberRates) != 2 || c.MemberRates[0] != (MemberRate{"CAN", 0.04, Pos{"c.yaml", 2, 30, "coalition.member_terms.rates_pct.CAN"}}) || c.MemberRates[1].Name != "EU27" || math.Abs(c.MemberRates[1].Rate-0.15) > 1e-15 {
		t.Errorf("member rates %+v (default %v), want CAN 0.04 at line 2 col 30, EU27 0.15, default 0.1", c.MemberRates, c.MemberRate)
	}
	sc, err = Parse([]byte("coalition:\n  member_terms: {rate_pct: 10}\n  threat: {rate: 50%}\n  external_tariff_pct: 60\n"), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c := sc.Coalition; c.MemberRate != 0.1 || c.ThreatRate != 0.5 || c.ExternalRate != 0.6 || c.ExternalMatch {
		t.Errorf("coalition rates %v %v %v (match %v), want 0.1 0.5 0.6", c.MemberRate, c.ThreatRate, c.ExternalRate, c.ExternalMatch)
	}
	sc, err = Parse([]byte("coalition:\n  threat: {schedule: {name: us-record, date: 2025-04-09, since: 2025-01-01}}\n"), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c := sc.Coalition; c.ThreatSchedule != "us-record" || c.ThreatScheduleDate != "2025-04-09" || c.ThreatScheduleSince != "2025-01-01" {
		t.Errorf("dated threat %q on %q since %q, want us-record on 2025-04-09 since 2025-01-01", c.ThreatSchedule, c.ThreatScheduleDate, c.ThreatScheduleSince)
	}
}

// TestParseCSVOverrideAllowed: "everyone, then one partner" is two
// different exporters, not a duplicate.
func TestParseCSVOverrideAllowed(t *testing.T) {
	dir := writeFiles(t, map[string]string{"s.yaml": "shocks:\n  - tariff: {importer: USA, file: data.csv}\n", "data.csv": "exporter,rate\n*,0.1\nCHN,0.5\n"})
	sc, err := Load(filepath.Join(dir, "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if rows := sc.Shocks[0].Tariff.Rows; len(rows) != 2 {
		t.Errorf("%d rows, want 2", len(rows))
	}
}
