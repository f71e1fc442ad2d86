package playbook

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/testutil"
)

// TestEveryPlaybookShowsItsFeature runs each playbook on the embedded data
// (USA against CHN) and checks its defining feature, e.g. Imperial
// Preference lowers intra-bloc tariffs and raises the external one.
func TestEveryPlaybookShowsItsFeature(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(All()) != 7 {
		t.Fatalf("%d playbooks, want 7", len(All()))
	}
	for _, pb := range All() {
		res, err := Run(pb, ds, "USA", "CHN", "")
		if err != nil {
			t.Fatalf("%s: %v", pb.Name, err)
		}
		if !res.Feature.Holds {
			t.Errorf("%s: defining feature does not hold: %s", pb.Name, res.Feature.Text)
		}
		if len(res.Members) == 0 || res.Account.Dates == "" || len(res.Account.Sources) == 0 {
			t.Errorf("%s: incomplete account or no members", pb.Name)
		}
	}
	ip, _ := Lookup("imperial-preference")
	res, _ := Run(ip, ds, "USA", "CHN", "")
	v := res.Feature.Values
	if !(v["intra_tariff_after_pct"] < v["intra_tariff_before_pct"] && v["external_tariff_after_pct"] > v["external_tariff_before_pct"]) {
		t.Errorf("imperial preference: %v", v)
	}
	if res.Lessons.IntegrationAfterPct <= res.Lessons.IntegrationBeforePct {
		t.Errorf("imperial preference: integration %v → %v", res.Lessons.IntegrationBeforePct, res.Lessons.IntegrationAfterPct)
	}
}

// TestSanctionsStatistics reads TIES and Martin (1992) from ../shared and
// compares with counts taken from the files independently (Python's csv
// module: `success` is 1 in 155 of the 766 TIES cases, none NA; 91 of 386
// with sender USA; 45 of 327 between formal allies; Martin's cases by number
// of senders 42, 16, 20 with mean cost 67/42, 28/16, 46/20 and coop ≥ 3 in
// 0, 2 and 18 of them).
func TestSanctionsStatistics(t *testing.T) {
	dir := filepath.Join(testutil.SharedDir(t), "data", "external")
	st, err := ReadSanctions(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st.TIESCases != 766 || st.MartinCases != 78 {
		t.Errorf("cases %d, %d; want 766 and 78", st.TIESCases, st.MartinCases)
	}
	pct := func(s, n float64) float64 { return math.Round(100000*s/n) / 1000 }
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"TIES success", st.TIESSuccessPct, pct(155, 766)},
		{"TIES success, US sender", st.TIESUSSuccessPct, pct(91, 386)},
		{"TIES success, allied target", st.TIESAllySuccessPct, pct(45, 327)},
		{"Martin mean cost, 1 sender", st.MartinMeanCost["1"], math.Round(1000*67.0/42) / 1000},
		{"Martin mean cost, 2-4 senders", st.MartinMeanCost["2-4"], 1.75},
		{"Martin mean cost, 5+ senders", st.MartinMeanCost["5+"], 2.3},
		{"Martin high cooperation, 1 sender", st.MartinHighCoop["1"], 0},
		{"Martin high cooperation, 2-4 senders", st.MartinHighCoop["2-4"], pct(2, 16)},
		{"Martin high cooperation, 5+ senders", st.MartinHighCoop["5+"], pct(18, 20)},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if n := st.MartinCaseCount; n["1"] != 42 || n["2-4"] != 16 || n["5+"] != 20 {
		t.Errorf("Martin cases by senders %v, want 1:42 2-4:16 5+:20", n)
	}
	if _, err := ReadSanctions(t.TempDir()); err == nil {
		t.Error("no error for a directory without the files")
	}
}

// TestSanctionsStatisticsByHand: on files small enough to count by hand,
// unknown outcomes (NA, empty) leave the shares' denominators.
func TestSanctionsStatisticsByHand(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		TIESFile: "caseid,sender,success,formal_alliance\n" +
			"1,USA,1,0\n" + // US success
			"2,USA,0,1\n" + // US failure against an ally
			"3,USA,NA,1\n" + // unknown: ignored
			"4,GBR,1,1\n" + // success against an ally
			"5,GBR,,0\n" + // unknown: ignored
			"6,FRA,0,0\n",
		MartinFile: "mil,coop,cost,num\n" +
			"0,1,2,1\n" + // one sender, cost 2, low cooperation
			"0,3,4,1\n" + // one sender, cost 4, high cooperation
			"0,4,1,3\n" + // 2–4 senders
			"0,2,3,5\n", // 5+ senders, low cooperation
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := ReadSanctions(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Known outcomes: cases 1, 2, 4, 6, two successes; US: 1, 2, one
	// success; allies: 2, 4, one success.
	if st.TIESCases != 6 || st.TIESSuccessPct != 50 || st.TIESUSSuccessPct != 50 || st.TIESAllySuccessPct != 50 {
		t.Errorf("TIES %d cases, success %v%%, US %v%%, allies %v%%; want 6, 50, 50, 50", st.TIESCases, st.TIESSuccessPct, st.TIESUSSuccessPct, st.TIESAllySuccessPct)
	}
	want := SanctionsStats{
		MartinCaseCount: map[string]int{"1": 2, "2-4": 1, "5+": 1},
		MartinMeanCost:  map[string]float64{"1": 3, "2-4": 1, "5+": 3},
		MartinHighCoop:  map[string]float64{"1": 50, "2-4": 100, "5+": 0},
	}
	if st.MartinCases != 4 || !reflect.DeepEqual(st.MartinCaseCount, want.MartinCaseCount) ||
		!reflect.DeepEqual(st.MartinMeanCost, want.MartinMeanCost) || !reflect.DeepEqual(st.MartinHighCoop, want.MartinHighCoop) {
		t.Errorf("Martin %d cases %v cost %v coop %v; want 4 %v %v %v", st.MartinCases, st.MartinCaseCount, st.MartinMeanCost, st.MartinHighCoop,
			want.MartinCaseCount, want.MartinMeanCost, want.MartinHighCoop)
	}
}

// TestOPECCutsVitalInputsOnSectoralWorld: on icio-2022 the OPEC playbook
// bans the producers' metal ores, non-ferrous metals and electronics to the
// leader and leaves every other flow alone; its feature still holds.
func TestOPECCutsVitalInputsOnSectoralWorld(t *testing.T) {
	ds, ok, err := data.Embedded("icio-2022")
	if !ok || err != nil {
		t.Fatal(err)
	}
	pb, _ := Lookup("opec-embargo")
	x := newTestWorld(t, ds, "USA", "CHN")
	x.units = pb.members(x)
	x.members = countries(x.units)
	sh := &shocks{sub: make([]float64, len(ds.Trade))}
	pb.apply(x, sh, x.members)
	vital := map[string]bool{"B07": true, "C24B": true, "C26": true}
	usa := x.leader.cs[0]
	for _, m := range x.members {
		for s, sec := range ds.Sectors {
			got := sh.sub[ds.At(m, usa, s)]
			if vital[sec.Code] != (got < -0.99) || (!vital[sec.Code] && got != 0) {
				t.Errorf("%s → USA, %s: subsidy %g", ds.Countries[m].Code, sec.Code, got)
			}
		}
	}
	res, err := Run(pb, ds, "USA", "CHN", "")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Feature.Holds {
		t.Errorf("feature: %s", res.Feature.Text)
	}
}

// TestFeatureAmountsInDollars: the features that quote trade flows quote
// them in billions of US dollars, the dataset's USD millions converted
// (China's exports to the Continental System's seven, the USA and its six
// largest partners with the EU27 as one, are about $1.5 trillion in 2023,
// half of them to the USA and the EU).
func TestFeatureAmountsInDollars(t *testing.T) {
	res := runDefault(t, "continental-system")
	var before, after, nb, na float64
	if _, err := fmt.Sscanf(res.Feature.Text, "target's exports to the coalition $%f bn → $%f bn, to neutrals $%f bn → $%f bn", &before, &after, &nb, &na); err != nil {
		t.Fatalf("feature text %q: %v", res.Feature.Text, err)
	}
	if before < 1200 || before > 1700 || !(after < before) || !(na > nb) {
		t.Errorf("China's exports to the coalition $%v bn → $%v bn, to neutrals $%v bn → $%v bn", before, after, nb, na)
	}
	if got, want := 100*(after/before-1), res.Feature.Values["to_coalition_change_pct"]; math.Abs(got-want) > 1.5 {
		t.Errorf("text gives %.1f%%, values %.1f%%", got, want)
	}
}

// TestRolesFollowThePlaybooksGame: the welfare table names the bloc's
// roles, as the mechanism text does, and in the producers' embargo says
// which side each is on: the bloc's leader under pressure, its target in
// the coalition that acts against it.
func TestRolesFollowThePlaybooksGame(t *testing.T) {
	for _, c := range []struct {
		name, usa, chn string
	}{
		{"opec-embargo", "leader (under pressure)", "target (in the coalition)"},
		{"imperial-preference", "leader", "target"},
	} {
		res := runDefault(t, c.name)
		roles := map[string]string{}
		for _, w := range res.Welfare {
			roles[w.Code] = w.Role
		}
		if roles["USA"] != c.usa || roles["CHN"] != c.chn {
			t.Errorf("%s: USA %q, CHN %q; want %q, %q", c.name, roles["USA"], roles["CHN"], c.usa, c.chn)
		}
	}
}

func TestAbsorptionText(t *testing.T) {
	for _, c := range []struct {
		pct  float64
		want string
	}{
		{33.4, "33.4% of the sales lost in the coalition's market are taken by the rest of the world"},
		{0, "0.0% of the sales lost"},
		{-16.8, "takes none of the sales lost in the coalition's market: sales there fall too, by a further 16.8% of that loss"},
	} {
		if got := absorptionText(c.pct, "the coalition's market"); !strings.Contains(got, c.want) {
			t.Errorf("absorptionText(%v) = %q, want it to contain %q", c.pct, got, c.want)
		}
	}
}

// TestLeverageOnWhatTheSideUnderPressureBuys: where a playbook cuts what
// the side under pressure buys, its leverage is the coalition's share of
// that side's imports. China, the EU27 and Japan sell the US over a third
// of its imports (2023), more than they buy of its exports.
func TestLeverageOnWhatTheSideUnderPressureBuys(t *testing.T) {
	res := runDefault(t, "opec-embargo")
	l := res.Lessons
	if !(l.CoalitionShareOfImpts > 30 && l.CoalitionShareOfImpts < 45 && l.CoalitionShareOfImpts > l.CoalitionShareOfExpts) {
		t.Errorf("coalition's share of US imports %.1f%%, of US exports %.1f%%", l.CoalitionShareOfImpts, l.CoalitionShareOfExpts)
	}
	var b strings.Builder
	if err := res.Write(&b, report.Text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "coalition's share of its imports") {
		t.Errorf("the leverage line does not use imports:\n%s", b.String())
	}
}

// runDefault runs the named playbook on the embedded world, USA leading
// against CHN.
func runDefault(t *testing.T, name string) *Result {
	t.Helper()
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	pb, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(pb, ds, "USA", "CHN", "")
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestEachSkipsServices: the episodes' measures reach goods: every sector of
// a one-sector world, all but SERV on a world with sectors.
func TestEachSkipsServices(t *testing.T) {
	for _, tc := range []struct {
		codes []string
		want  []int
	}{
		{[]string{"C29", "SERV", "A01"}, []int{0, 2}},
		{[]string{"SERV"}, []int{0}},
		{[]string{"ALL"}, []int{0}},
	} {
		ds := &data.Dataset{}
		for _, c := range tc.codes {
			ds.Sectors = append(ds.Sectors, data.Sector{Code: c})
		}
		var got []int
		each(ds, func(s int) { got = append(got, s) })
		if !slices.Equal(got, tc.want) {
			t.Errorf("%v: %v, want %v", tc.codes, got, tc.want)
		}
	}
}

// newTestWorld is a playbook world on ds with its leader and target units,
// before any playbook picks members.
func newTestWorld(t *testing.T, ds *data.Dataset, leader, target string) *world {
	t.Helper()
	l, ok1 := ds.Index(leader)
	c, ok2 := ds.Index(target)
	if !ok1 || !ok2 {
		t.Fatalf("%s or %s not in %s", leader, target, ds.Name)
	}
	return &world{ds: ds, leader: unitOf(ds, l), target: unitOf(ds, c)}
}

// TestValuationLosersNamed: under imperial-preference Singapore is the
// largest loser outside the bloc (-3.2%), most of it the valuation of its
// fixed surplus (docs/welfare.md); the run carries that part and a note
// names it, as solve's winners and losers tables do, and names no row
// whose change is mostly trade (China, the target).
func TestValuationLosersNamed(t *testing.T) {
	res := runDefault(t, "imperial-preference")
	var sgp *Welfare
	for k := range res.Welfare {
		if res.Welfare[k].Code == "SGP" {
			sgp = &res.Welfare[k]
		}
	}
	if sgp == nil || sgp.DeficitValuationPct == nil {
		t.Fatalf("SGP not shown, or without its valuation: %+v", res.Welfare)
	}
	if v := *sgp.DeficitValuationPct; !(v < 0 && -v >= -0.5*sgp.Pct) {
		t.Errorf("SGP %.3f%%, of which valuation %.3f pp: want a loss at least half valuation", sgp.Pct, v)
	}
	var note string
	for _, n := range res.Notes {
		if strings.Contains(n, "Deficits are fixed relative to world GDP") {
			note = n
		}
	}
	if !strings.Contains(note, fmt.Sprintf("SGP %+.2f%% (of which %+.2f pp", sgp.Pct, *sgp.DeficitValuationPct)) {
		t.Errorf("no note naming SGP's valuation: %q", res.Notes)
	}
	if strings.Contains(note, "CHN ") {
		t.Errorf("the target's loss, mostly trade, named as valuation: %s", note)
	}
}

// TestNeutralsLabel: the target's exports to the neutrals are leakage only
// when they rise. France leading the EU27 against Britain cuts Britain's
// exports to the neutrals too ($119 bn → $80 bn on world-2023), which the
// feature called leakage.
func TestNeutralsLabel(t *testing.T) {
	for _, c := range []struct {
		before, after float64
		want          string
	}{
		{1655, 1927, " (leakage)"},
		{119, 80, " (no leakage: they fall too)"},
		{100, 100, " (no leakage: they fall too)"},
	} {
		if got := neutralsLabel(c.before, c.after); got != c.want {
			t.Errorf("neutralsLabel(%v, %v) = %q, want %q", c.before, c.after, got, c.want)
		}
	}
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	pb, _ := Lookup("continental-system")
	res, err := Run(pb, ds, "FRA", "GBR", "")
	if err != nil {
		t.Fatal(err)
	}
	if v := res.Feature.Values["to_neutrals_change_pct"]; v >= 0 || strings.Contains(res.Feature.Text, "(leakage)") {
		t.Errorf("FRA against GBR: exports to the neutrals change %+.1f%%, feature %q: want a fall, not called leakage", v, res.Feature.Text)
	}
}

// TestLeverageWithoutTheDefectors: league-sanctions' two defectors (the
// EU27 and Japan, China's largest buyers after the US) trade on, so the
// leverage is the share of China's exports the other members buy, computed
// here from the data: USA, MEX, CAN, KOR, GBR.
func TestLeverageWithoutTheDefectors(t *testing.T) {
	res := runDefault(t, "league-sanctions")
	l := res.Lessons
	if !slices.Equal(res.Special, []string{"EU27", "JPN"}) || l.SanctioningShareOfExpts == nil {
		t.Fatalf("defectors %v, sanctioning share %v", res.Special, l.SanctioningShareOfExpts)
	}
	ds, _ := data.Default()
	chn, _ := ds.Index("CHN")
	var in, tot float64
	for c := range ds.Countries {
		if c == chn {
			continue
		}
		v := ds.GoodsFlow(nil, chn, c)
		tot += v
		if slices.Contains([]string{"USA", "MEX", "CAN", "KOR", "GBR"}, ds.Countries[c].Code) {
			in += v
		}
	}
	if got, want := *l.SanctioningShareOfExpts, 100*in/tot; math.Abs(got-want) > 0.01 || got >= l.CoalitionShareOfExpts {
		t.Errorf("sanctioning members' share of China's exports %.3f%%, want %.3f%% (below the whole coalition's %.1f%%)", got, want, l.CoalitionShareOfExpts)
	}
	var b strings.Builder
	if err := res.Write(&b, report.Text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "with the defectors EU27 and JPN, which trade on") {
		t.Errorf("the leverage line does not say the whole coalition's share counts the defectors:\n%s", b.String())
	}
	if other := runDefault(t, "imperial-preference"); other.Lessons.SanctioningShareOfExpts != nil {
		t.Errorf("imperial-preference, every member taking part, has a sanctioning share")
	}
}

// writeSanctions writes the two sanctions files into a new directory.
func writeSanctions(t testing.TB, ties, martin string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{TIESFile: ties, MartinFile: martin} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const (
	goodTIES   = "caseid,sender,success,formal_alliance\n1,USA,1,0\n2,GBR,0,1\n"
	goodMartin = "mil,coop,cost,num\n0,1,2,1\n0,3,4,6\n"
)

// TestReadSanctionsRefuses: files that cannot give the statistics are bad
// input naming the file, line and column (before: rows that did not parse
// were skipped, a missing success column gave null shares and a missing
// coop column an empty map, all without an error).
func TestReadSanctionsRefuses(t *testing.T) {
	nosuch := filepath.Join(t.TempDir(), "nosuch")
	cases := []struct {
		name, ties, martin string
		dir                string // "" = the files written
		file               string // TIESFile, MartinFile or "" (the directory)
		line               int
		field, want        string
	}{
		{"missing directory", "", "", nosuch, "", 0, "", "no such directory"},
		{"empty directory", "-", "-", "", TIESFile, 0, "", "cannot read the sanctions file: no such file or directory"},
		{"garbage", "\x00\x01 binary\n", goodMartin, "", TIESFile, 1, "sender", `missing column "sender"`},
		{"stray quote", "sender,success,formal_alliance\nUSA,1,0\nGBR,0,\"1\n", goodMartin, "", TIESFile, 3, "", "malformed CSV"},
		{"empty TIES", "", goodMartin, "", TIESFile, 1, "", "empty file: want a header row with the columns sender, success, formal_alliance"},
		{"no success column", "caseid,sender,formal_alliance\n1,USA,0\n", goodMartin, "", TIESFile, 1, "success", `missing column "success"`},
		{"no coop column", goodTIES, "mil,cost,num\n0,2,1\n", "", MartinFile, 1, "coop", `missing column "coop"`},
		{"header only", goodTIES, "mil,coop,cost,num\n", "", MartinFile, 2, "", "no data rows"},
		{"bad success", "sender,success,formal_alliance\nUSA,1,0\nGBR,yes,0\n", goodMartin, "", TIESFile, 3, "success", `want 1, 0 or NA (the target acquiesced or settled), got "yes"`},
		{"bad alliance", "sender,success,formal_alliance\nUSA,1,2\n", goodMartin, "", TIESFile, 2, "formal_alliance", `want 1, 0 or NA`},
		{"no known outcome", "sender,success,formal_alliance\nUSA,NA,0\n", goodMartin, "", TIESFile, 0, "success", "no case with a known outcome"},
		{"bad coop", goodTIES, "mil,coop,cost,num\n0,1,2,1\n0,x,3,5\n", "", MartinFile, 3, "coop", `want a whole number from 1 to 4 (the cooperation among senders, 1 to 4), got "x"`},
		{"cost off the scale", goodTIES, "mil,coop,cost,num\n0,1,7,1\n", "", MartinFile, 2, "cost", "want a whole number from 1 to 4"},
		{"no senders", goodTIES, "mil,coop,cost,num\n0,1,2,0\n", "", MartinFile, 2, "num", "want a whole number from 1 to 1000"},
		{"hexadecimal", goodTIES, "mil,coop,cost,num\n0,1,2,0x5\n", "", MartinFile, 2, "num", `got "0x5"`},
		{"short row", goodTIES, "mil,coop,cost,num\n0,1,2\n", "", MartinFile, 2, "", "wrong number of fields"},
	}
	for _, c := range cases {
		dir := c.dir
		if dir == "" {
			dir = t.TempDir()
			for name, body := range map[string]string{TIESFile: c.ties, MartinFile: c.martin} {
				if body == "-" {
					continue
				}
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		_, err := ReadSanctions(dir)
		var e *errs.Error
		if !errors.As(err, &e) || errs.ExitCode(err) != 2 {
			t.Errorf("%s: %v, want exit 2", c.name, err)
			continue
		}
		wantFile := dir
		if c.file != "" {
			wantFile = filepath.Join(dir, c.file)
		}
		if e.File != wantFile || e.Line != c.line || e.Field != c.field || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v (file %s line %d field %q), want %s:%d field %q containing %q", c.name, err, e.File, e.Line, e.Field, wantFile, c.line, c.field, c.want)
		}
	}
}

// TestRunRefusesBadSanctionsDir: a sanctions directory given to Run that
// cannot be read is an error before anything is solved (before: the run
// succeeded with a note "sanctions statistics not shown").
func TestRunRefusesBadSanctionsDir(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"cocom", "imperial-preference"} {
		pb, _ := Lookup(name)
		_, err := Run(pb, ds, "USA", "CHN", filepath.Join(t.TempDir(), "nosuch"))
		if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), "no such directory") {
			t.Errorf("%s: %v, want exit 2 and no such directory", name, err)
		}
	}
}

// FuzzReadSanctions: whatever the two files hold, ReadSanctions either
// refuses them as bad input naming a file, or returns statistics whose
// shares are percentages and whose counts add up.
func FuzzReadSanctions(f *testing.F) {
	f.Add([]byte(goodTIES), []byte(goodMartin))
	f.Add([]byte("sender,success,formal_alliance\nUSA,NA,\n"), []byte("num,cost,coop\n3,2,4\n"))
	f.Add([]byte("\xef\xbb\xbfsender,success,formal_alliance\n\"USA\",1,1\n"), []byte("coop,cost,num\n1,1,1\n"))
	f.Add([]byte("x"), []byte("\""))
	f.Fuzz(func(t *testing.T, ties, martin []byte) {
		dir := writeSanctions(t, string(ties), string(martin))
		st, err := ReadSanctions(dir)
		if err != nil {
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid || (e.File != filepath.Join(dir, TIESFile) && e.File != filepath.Join(dir, MartinFile)) {
				t.Fatalf("error %v does not name a sanctions file as bad input", err)
			}
			return
		}
		if !(st.TIESSuccessPct >= 0 && st.TIESSuccessPct <= 100) {
			t.Fatalf("success share %v", st.TIESSuccessPct)
		}
		for _, v := range []float64{st.TIESUSSuccessPct, st.TIESAllySuccessPct} {
			if !math.IsNaN(v) && !(v >= 0 && v <= 100) {
				t.Fatalf("share %v", v)
			}
		}
		n := 0
		for k, c := range st.MartinCaseCount {
			n += c
			if m := st.MartinMeanCost[k]; !(m >= 1 && m <= 4) {
				t.Fatalf("mean cost %v", m)
			}
		}
		if n != st.MartinCases || st.TIESCases < 1 {
			t.Fatalf("counts %v of %d cases, %d TIES cases", st.MartinCaseCount, st.MartinCases, st.TIESCases)
		}
	})
}
