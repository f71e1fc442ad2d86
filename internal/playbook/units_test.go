package playbook

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/report"
)

// defaultWorld is the embedded world with a baseline, for tests that build
// a playbook's shocks or solve it directly.
func defaultWorld(t *testing.T, leader, target string) *world {
	t.Helper()
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	x := newTestWorld(t, ds, leader, target)
	if x.b, err = engine.Baseline(ds); err != nil {
		t.Fatal(err)
	}
	x.opt = model.Options{Theta: datasetTheta(ds)}
	return x
}

// pick sets x's coalition as pb picks it.
func pick(x *world, pb *Playbook) {
	x.units = pb.members(x)
	x.members = countries(x.units)
}

// TestNoEUMemberActsAlone: an EU member has no trade policy of its own
// (common commercial policy), so no playbook lists one on its own among its
// members, special members or welfare rows; the EU27 is one member
// instead. Before, Imperial Preference enlisted Germany alone, which put
// 10 pp on France, the Netherlands, Poland….
func TestNoEUMemberActsAlone(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	eu := ds.Groups[commonPolicyGroup]
	if len(eu) != 27 {
		t.Fatalf("%s has %d members in %s", commonPolicyGroup, len(eu), ds.Name)
	}
	for _, pb := range All() {
		res := runDefault(t, pb.Name)
		codes := append(append([]string{}, res.Members...), res.Special...)
		for _, w := range res.Welfare {
			codes = append(codes, w.Code)
		}
		for _, c := range codes {
			if slices.Contains(eu, c) {
				t.Errorf("%s: %s acts on its own (members %v, special %v)", pb.Name, c, res.Members, res.Special)
			}
		}
		if slices.Contains(res.Members, commonPolicyGroup) && len(res.Groups[commonPolicyGroup]) != 27 {
			t.Errorf("%s: groups %v", pb.Name, res.Groups)
		}
	}
	if res := runDefault(t, "imperial-preference"); !slices.Contains(res.Members, commonPolicyGroup) {
		t.Errorf("imperial-preference: members %v, want the EU27 among them (the USA's largest partner)", res.Members)
	}
}

// TestImperialPreferenceTreatsTheEU27AsOne: every EU member adds the same
// 10 pp on every non-member and keeps its zero tariff on the others, and
// the EU27's welfare row is its members' GDP-weighted mean.
func TestImperialPreferenceTreatsTheEU27AsOne(t *testing.T) {
	x := defaultWorld(t, "USA", "CHN")
	pb, _ := Lookup("imperial-preference")
	pick(x, pb)
	ds := x.ds
	o, err := x.solve(x.members, pb.apply)
	if err != nil {
		t.Fatal(err)
	}
	eu, _ := ds.Index("DEU")
	euU := unitOf(ds, eu)
	for _, m := range euU.cs {
		for c := range ds.Countries {
			if c == m {
				continue
			}
			k := ds.At(c, m, 0)
			d := o.t[k] - ds.Tariffs[k]
			switch {
			case euU.has(c) && o.t[k] != 0:
				t.Fatalf("%s's tariff on %s is %g inside the EU27", ds.Countries[m].Code, ds.Countries[c].Code, o.t[k])
			case !x.in(c, x.members) && math.Abs(d-0.10) > 1e-12:
				t.Fatalf("%s's tariff on non-member %s rises %g, want 0.10", ds.Countries[m].Code, ds.Countries[c].Code, d)
			}
		}
	}
	num, den := 0.0, 0.0
	for _, c := range euU.cs {
		num += x.b.GDP[c] * (o.r.Countries[c].Welfare - 1)
		den += x.b.GDP[c]
	}
	res := runDefault(t, "imperial-preference")
	i := slices.IndexFunc(res.Welfare, func(w Welfare) bool { return w.Code == commonPolicyGroup })
	if i < 0 || res.Welfare[i].Role != "member" || math.Abs(res.Welfare[i].Pct-100*num/den) > 1e-3 {
		t.Errorf("welfare rows %v; want EU27 member %.3f", res.Welfare, 100*num/den)
	}
}

// TestEULeaderAndTargetBringTheEU27: a leader or target in the EU27 makes
// the whole EU27 the leader or target (France's Continental System is an
// EU measure today), and one EU member cannot act against another.
func TestEULeaderAndTargetBringTheEU27(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	pb, _ := Lookup("continental-system")
	res, err := Run(pb, ds, "FRA", "GBR", "")
	if err != nil {
		t.Fatal(err)
	}
	if w := res.Welfare[0]; w.Code != commonPolicyGroup || w.Role != "leader" || res.Members[0] != commonPolicyGroup {
		t.Errorf("leader FRA: members %v, first row %+v", res.Members, w)
	}
	if !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, "the leader FRA is in the EU27") }) {
		t.Errorf("no note on the leader: %q", res.Notes)
	}
	if _, err := Run(pb, ds, "DEU", "FRA", ""); err == nil || !strings.Contains(err.Error(), "both in the EU27") {
		t.Errorf("DEU against FRA: %v", err)
	}
	// A target in the EU27: the embargo reaches every member's purchases.
	x := newTestWorld(t, ds, "USA", "DEU")
	sh := &shocks{cost: make([]float64, len(ds.Trade))}
	for k := range sh.cost {
		sh.cost[k] = 1
	}
	usa := x.leader.cs[0]
	embargoExports(x, sh, []int{usa}, 2)
	for _, code := range ds.Groups[commonPolicyGroup] {
		c, _ := ds.Index(code)
		if got := sh.cost[ds.At(usa, c, 0)]; got != 2 {
			t.Errorf("USA → %s cost ×%g, want ×2", code, got)
		}
	}
}

// TestOPECReportsPricesRelativeToWage: the producers' embargo reports the
// leader's consumer prices relative to its wage (unit-free), not its price
// index in world-GDP units, which moved with the US wage (+2.16% beside
// a real wage −0.22% before). The rise stays below what the 25% tax,
// passed on in full, would add on the producers' share of US spending,
// computed here from the data.
func TestOPECReportsPricesRelativeToWage(t *testing.T) {
	res := runDefault(t, "opec-embargo")
	v := res.Feature.Values
	p, ok := v["leader_prices_relative_to_wage_pct"]
	if !ok {
		t.Fatalf("no leader_prices_relative_to_wage_pct in %v", v)
	}
	x := defaultWorld(t, "USA", "CHN")
	pb, _ := Lookup("opec-embargo")
	pick(x, pb)
	usa := x.leader.cs[0]
	imp := 0.0
	for _, m := range x.members {
		imp += x.ds.Flow(m, usa)
	}
	share := 100 * imp / x.b.E[usa]
	if math.Abs(v["producers_share_of_leader_spending_pct"]-share) > 1e-3 || math.Abs(v["full_pass_through_pct"]-r3(share*opecTax)) > 1e-3 {
		t.Errorf("share %v, pass-through %v; want %.3f, %.3f", v["producers_share_of_leader_spending_pct"], v["full_pass_through_pct"], share, share*opecTax)
	}
	if !(p > 0 && p < share*opecTax) || math.Abs(p+v["leader_real_wage_pct"]) > 0.01 {
		t.Errorf("prices relative to wage %+.3f%%, real wage %+.3f%%; want a rise below %.3f%%", p, v["leader_real_wage_pct"], share*opecTax)
	}
	if strings.Contains(res.Feature.Text, "price index") || !strings.Contains(res.Feature.Text, "relative to its wage") {
		t.Errorf("feature text %q", res.Feature.Text)
	}
}

// TestCoComPenalisesDefectorsToo: the Battle Act cut aid to any country
// shipping embargoed goods, so a member that leaves the controls pays the
// penalty the leaky member pays; a complying member does not. Before, a
// defector escaped it, and the unity lesson set a penalty-free defection
// against the feature's penalised leaking.
func TestCoComPenalisesDefectorsToo(t *testing.T) {
	x := defaultWorld(t, "USA", "CHN")
	pb, _ := Lookup("cocom")
	pick(x, pb)
	ds := x.ds
	usa := x.leader.cs[0]
	kor, _ := ds.Index("KOR")
	rise := func(acting []int, c int) float64 {
		sh := &shocks{tariff: slices.Clone(ds.Tariffs), cost: make([]float64, len(ds.Trade))}
		for k := range sh.cost {
			sh.cost[k] = 1
		}
		pb.apply(x, sh, acting)
		k := ds.At(c, usa, 0)
		return sh.tariff[k] - ds.Tariffs[k]
	}
	korComplying := rise(x.members, kor) // picks the leaky member
	lk := x.extra[0].cs[0]
	if x.extra[0].has(kor) {
		t.Fatalf("KOR is the leaky member; the test wants a complying one")
	}
	if korComplying != 0 {
		t.Errorf("KOR complying: the leader's tariff rises %g, want 0", korComplying)
	}
	for _, c := range []struct {
		what   string
		acting []int
		c      int
		want   float64
	}{
		{"KOR leaving", without(x.members, unitOf(ds, kor)), kor, 0.25},
		{"the leaky member leaking", x.members, lk, 0.25},
		{"the leaky member leaving", without(x.members, x.extra[0]), lk, 0.25},
	} {
		if got := rise(c.acting, c.c); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: the leader's tariff rises %g, want %g", c.what, got, c.want)
		}
	}
	res := runDefault(t, "cocom")
	v := res.Feature.Values
	if res.Feature.Holds && !(v["leaky_welfare_comply_pct"] > v["leaky_welfare_leave_pct"] && v["leaky_welfare_comply_pct"] > v["leaky_welfare_leak_pct"]) {
		t.Errorf("feature holds with %v", v)
	}
	if !strings.Contains(res.Lessons.UnityText, "paying the Battle-Act penalty") {
		t.Errorf("unity text %q does not say the defector pays the penalty", res.Lessons.UnityText)
	}
}

// TestFeatureSettingSaysWhoActs: the defining feature's verdict names the
// equilibrium it is measured in; "every member takes part" only where it
// does, not beside League defectors or a leaky CoCom member.
func TestFeatureSettingSaysWhoActs(t *testing.T) {
	for _, c := range []struct {
		name, want string
	}{
		{"imperial-preference", "(holds when every member takes part)"},
		{"league-sanctions", "(holds when EU27 and JPN trade on while the others sanction)"},
		{"cocom", "(holds when EU27 leaks and is penalised, the others comply)"},
		{"opec-embargo", "(holds when every producer takes part)"},
	} {
		var b strings.Builder
		if err := runDefault(t, c.name).Write(&b, report.Text); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), c.want) {
			t.Errorf("%s: no %q in\n%s", c.name, c.want, b.String())
		}
	}
}
