// Package optimal finds a country's unilaterally optimal import tariffs:
// the tariffs that maximise its welfare in the general-equilibrium model,
// given every other country's tariffs in a scenario (docs/optimal-tariffs.md).
//
// The search is nested: an outer maximisation over the rate(s) and, for each
// trial rate, an equilibrium solved by the model, warm-started from the
// previous trial's solution (nearby rates have nearby equilibria, so a solve
// takes a few iterations). A uniform rate is found by golden-section search
// on a bracket; one rate per partner by coordinate ascent, each coordinate a
// golden-section search, starting from the uniform optimum. The package sits
// above model, which knows nothing of it.
package optimal

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
)

// Problem is one country's tariff choice.
type Problem struct {
	Base    *model.Baseline
	Options model.Options
	// Shocks is the scenario: every other country's tariffs, trade costs
	// and the rest. The country's own import tariffs in it are replaced by
	// the rates searched for, in the sectors of Sectors (unless
	// Additional): the rate is the whole tariff, and the differences
	// between partners the scenario's tariffs carry are gone (Premiums
	// names them).
	Shocks  model.Shocks
	Country int
	// Sectors marks the sectors the searched rates apply to (nil = every
	// sector); in the others the country keeps the tariffs of Shocks.
	// GoodsSectors gives the mask that leaves a services sector untaxed.
	Sectors []bool
	// Additional adds the searched rates to the tariffs of Shocks instead
	// of replacing them: the country keeps the differences between
	// partners its tariffs carry (icio-2022's US: China's 10.34 pp of
	// pre-2025 Section 232 and 301 duties above the US average), and the
	// rate is what it adds on top of them (optimal-tariff --additional).
	Additional bool
}

// GoodsSectors is the sector mask of the goods sectors of ds, nil (every
// sector) on a world without a services sector (data.Dataset.IsServices)
// or when includeServices. On the ICIO world the optimal and Nash tariffs
// are tariffs on goods by default, as the US schedules, the coalition game
// and the playbooks are: a border tax on services that no country levies
// would otherwise carry most of the gain (icio-2022: about 80% of the
// US's at its optimum). Lashkaripour (2021) taxes every sector; WIOD's
// codes (W01…W16) mark no services sector, so his reproduction is as he
// computes it.
func GoodsSectors(ds *data.Dataset, includeServices bool) []bool {
	if _, ok := ds.ServicesIndex(); !ok || includeServices {
		return nil
	}
	return ds.GoodsSectors()
}

// SectorsTaxed names a sector mask for reports: "all" (nil) or "goods".
func SectorsTaxed(sectors []bool) string {
	if sectors == nil {
		return "all"
	}
	return "goods"
}

// taxed reports whether mask m applies to sector k.
func taxed(m []bool, k int) bool { return m == nil || m[k] }

// Settings tune the search (zero values mean the defaults).
type Settings struct {
	// Tol is the tolerance on a rate (default 1e-7).
	Tol float64
	// MinRate and MaxRate bound every rate (defaults 0 and 10 = 1000%).
	MinRate, MaxRate float64
	// MaxSweeps caps the coordinate-ascent sweeps of ByPartner (default 30).
	MaxSweeps int
	// Progress, if set, is called after every equilibrium solved.
	Progress func(Progress)
	// NoScan leaves out the scan after the search (Result.Scan), about
	// ten solves far apart (0.5 s on icio-2022): for a caller that needs
	// only the optimum, such as the optimum on purged imbalances that
	// optimal-tariff sets beside its headline and scans only when the
	// headline's scan finds a second maximum.
	NoScan bool
}

// Progress reports the search as it goes.
type Progress struct {
	Solves  int
	Sweep   int     // coordinate-ascent sweep (ByPartner), 0 for the uniform stage
	Rate    float64 // the rate just tried
	Welfare float64 // the country's Ŵ at that rate
}

// Result is an optimum.
type Result struct {
	Country int
	// Rate is the uniform rate; with ByPartner, the rate on the partners
	// outside Partners.
	Rate float64
	// Partners are the partners given their own rate (ByPartner), largest
	// first, and Rates the rate each exporter faces (len N, 0 at Country).
	Partners []int
	Rates    []float64
	// Welfare is the country's Ŵ at the optimum, against the dataset's
	// baseline like every solve; ScenarioWelfare its Ŵ under the scenario
	// as given, so that the gain from re-optimising is the difference.
	Welfare, ScenarioWelfare float64
	// Outcome is the equilibrium at the optimum.
	Outcome   *model.Result
	Converged bool
	Reason    string // why not converged, or a note (a rate at its bound)
	// AtLowerBound is true when the uniform rate is the search's lower
	// bound (Settings.MinRate, 0 by default) and no rate above it does
	// better: with Additional, the scenario's own tariffs already exceed
	// the optimum, which a search that cannot cut them cannot reach.
	AtLowerBound bool
	Solves       int
	Sweeps       int
	// Infeasible counts trial rates at which the model had no equilibrium.
	Infeasible int
	Seconds    float64
	// Scan is the country's welfare at the uniform rates of ScanRates
	// inside [MinRate, MaxRate] (and, with Additional, at cuts of the
	// scenario's tariffs), evaluated after the search: the bracket and
	// golden section find a local maximum, and the scan says whether it is
	// the only one (Settings.NoScan leaves it out).
	Scan []ScanPoint
	// Elsewhere is the best point of the scan when its welfare beats the
	// optimum's by more than ScanGain: welfare is not single-peaked in the
	// rate, and the optimum reported is a local one (world-2023's US under
	// fixed deficits: 41.41%, +0.575%, against +2.08% at 300%). The
	// optimum is still the result: the far maximum is an artefact of the
	// fixed-deficit closure (docs/optimal-tariffs.md, Welfare is not
	// single-peaked).
	Elsewhere *ScanPoint
	// Nearer is the best local maximum of the scan at rates below the
	// optimum, separated from it by a valley, when the optimum is above
	// it: the search started past the valley and climbed to the far
	// maximum (--additional on a scenario whose tariffs already lie there).
	Nearer *ScanPoint
	// Edge is, when Nearer is set and the model has no equilibrium 0.1
	// percentage points above Rate, why: the far maximum found is the edge
	// of the rates with an equilibrium (ScanPoint.Edge).
	Edge string
	// ScanSeconds is the time the scan took, within Seconds.
	ScanSeconds float64
}

// ScanPoint is the country's welfare at one uniform rate of the scan.
type ScanPoint struct {
	// Rate is the uniform rate (added to the scenario's tariffs with
	// Additional, where it can be negative: a cut).
	Rate float64
	// Welfare is the country's Ŵ, WelfareExValuation the same without the
	// valuation of its fixed deficit (model.CountryResult).
	Welfare, WelfareExValuation float64
	// Infeasible: the model has no equilibrium at this rate (a country's
	// spending turns non-positive), which Why gives (the model's error);
	// the welfare fields are NaN.
	Infeasible bool
	Why        string
	// Edge (Elsewhere, Nearer only) is, when the model has no equilibrium
	// 0.1 percentage points above the rate, why: the maximum is then the
	// edge of the rates with an equilibrium, where welfare still rises,
	// not a peak (world-2023's US: 302.38%, where Guinea's fixed surplus
	// would exceed its income). "" for a peak.
	Edge string
}

// ScanRates are the uniform rates of the scan after the search: 0 to
// 1000%, denser where optima usually lie. On world-2023 each is one solve
// of a few milliseconds, on icio-2022 about 50.
var ScanRates = []float64{0, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10}

// ScanGain is how much (in Ŵ, 1e-6 = 0.0001 percentage points) a point of
// the scan must beat the optimum by to count as higher welfare elsewhere:
// above the solver's noise, far below any gain worth reporting.
const ScanGain = 1e-6

func (s *Settings) defaults() {
	if s.Tol <= 0 {
		s.Tol = 1e-7
	}
	if s.MaxRate <= s.MinRate {
		s.MinRate, s.MaxRate = 0, 10
	}
	if s.MaxSweeps <= 0 {
		s.MaxSweeps = 30
	}
}

// search holds the state shared by the trial solves.
type search struct {
	p     Problem
	set   Settings
	base  []float64 // the scenario's tariffs in the data layout
	rates []float64 // the rate each exporter currently faces
	warm  *model.Result
	sweep int
	res   *Result
	// strict makes a failed solve an error (the final solve at the
	// optimum) rather than an infeasible rate.
	strict bool
}

func newSearch(p Problem, set Settings) (*search, error) {
	b := p.Base
	if b == nil {
		return nil, &errs.Error{Op: "optimal-tariff", Kind: errs.Invalid, Err: fmt.Errorf("no baseline")}
	}
	if p.Country < 0 || p.Country >= b.N {
		return nil, &errs.Error{Op: "optimal-tariff", Kind: errs.Invalid, Err: fmt.Errorf("country index %d out of range", p.Country)}
	}
	if p.Sectors != nil && len(p.Sectors) != b.S {
		return nil, &errs.Error{Op: "optimal-tariff", Kind: errs.Invalid, Err: fmt.Errorf("sector mask of %d sectors for %d", len(p.Sectors), b.S)}
	}
	set.defaults()
	base := p.Shocks.Tariff
	if base == nil {
		base = b.Tariffs()
	}
	s := &search{p: p, set: set, base: base, rates: make([]float64, b.N), res: &Result{Country: p.Country}}
	return s, nil
}

// solve computes the equilibrium with the current rates and returns the
// country's welfare.
func (s *search) solve() (float64, *model.Result, error) {
	c := s.p.Country
	r, err := s.solveRates()
	if err != nil {
		if s.strict {
			return math.NaN(), r, err
		}
		// Rates at which the model has no equilibrium (a country's
		// spending would turn negative) are outside the feasible set:
		// the search treats them as the worst outcome and moves away.
		s.res.Infeasible++
		return math.Inf(-1), r, nil
	}
	s.warm = r
	w := r.Countries[c].Welfare
	if s.set.Progress != nil {
		s.set.Progress(Progress{Solves: s.res.Solves, Sweep: s.sweep, Rate: s.rates[firstPartner(c)], Welfare: w})
	}
	return w, r, nil
}

// solveRates solves the model at the current rates, warm-started from the
// last equilibrium, and counts the solves.
func (s *search) solveRates() (*model.Result, error) {
	b := s.p.Base
	sh := s.shocks()
	r, err := b.Solve(s.p.Options, sh, s.warm)
	s.res.Solves++
	if err != nil && s.warm != nil {
		// A warm start far from the new equilibrium can fail where a
		// cold start does not.
		r, err = b.Solve(s.p.Options, sh, nil)
		s.res.Solves++
	}
	return r, err
}

// shocks are the scenario's shocks with the country's tariffs at the
// current rates.
func (s *search) shocks() model.Shocks {
	b, c := s.p.Base, s.p.Country
	N, S := b.N, b.S
	t := append([]float64(nil), s.base...)
	for i := 0; i < N; i++ {
		if i == c {
			continue
		}
		for k := 0; k < S; k++ {
			if taxed(s.p.Sectors, k) {
				if x := (i*N+c)*S + k; s.p.Additional {
					t[x] = s.base[x] + s.rates[i]
				} else {
					t[x] = s.rates[i]
				}
			}
		}
	}
	sh := s.p.Shocks
	sh.Tariff = t
	return sh
}

func firstPartner(c int) int {
	if c == 0 {
		return 1
	}
	return 0
}

// maximize finds the maximum of f on [lo, hi] from x0: it brackets the
// maximum by steps from h that double until f falls (or a bound is reached), then
// narrows the bracket by golden-section search to tol. It returns the
// maximiser, its value and whether it lies at a bound.
func maximize(f func(float64) (float64, error), lo, hi, x0, h, tol float64) (float64, float64, bool, error) {
	x0 = math.Min(math.Max(x0, lo), hi)
	f0, err := f(x0)
	if err != nil {
		return x0, f0, false, err
	}
	x1 := math.Min(x0+h, hi)
	if x1 == x0 {
		h = -h
		x1 = math.Max(x0+h, lo)
	}
	f1, err := f(x1)
	if err != nil {
		return x0, f0, false, err
	}
	if f1 < f0 { // uphill is the other way
		h = -h
		x0, x1, f0, f1 = x1, x0, f1, f0
	}
	// f(x1) ≥ f(x0): step on in the direction of h until f falls; the
	// maximum then lies between the point before the best and the last.
	a, m, fm := x0, x1, f1
	var c float64
	for {
		h *= 2
		x2 := math.Min(math.Max(m+h, lo), hi)
		if x2 == m {
			c = m
			break
		}
		f2, err := f(x2)
		if err != nil {
			return m, fm, false, err
		}
		if f2 < fm || x2 == lo || x2 == hi {
			c = x2
			break
		}
		a, m, fm = m, x2, f2
	}
	if a > c {
		a, c = c, a
	}
	// Golden-section search on [a, c]: for a unimodal f the maximum stays
	// inside the interval kept.
	const g = 0.3819660112501051 // (3 − √5)/2
	p, q := a+g*(c-a), c-g*(c-a)
	fp, err := f(p)
	if err != nil {
		return m, fm, false, err
	}
	fq, err := f(q)
	if err != nil {
		return m, fm, false, err
	}
	for c-a > tol {
		if fp >= fq {
			c, q, fq = q, p, fp
			p = a + g*(c-a)
			if fp, err = f(p); err != nil {
				return p, fp, false, err
			}
		} else {
			a, p, fp = p, q, fq
			q = c - g*(c-a)
			if fq, err = f(q); err != nil {
				return q, fq, false, err
			}
		}
	}
	x, fx := p, fp
	if fq > fp {
		x, fx = q, fq
	}
	// A bound that was bracketed may itself be the maximum.
	if x-lo <= tol && lo == a {
		if flo, err := f(lo); err == nil && flo >= fx {
			return lo, flo, true, nil
		}
	}
	if hi-x <= tol && hi == c {
		if fhi, err := f(hi); err == nil && fhi >= fx {
			return hi, fhi, true, nil
		}
	}
	return x, fx, false, nil
}

// Uniform finds the optimal uniform tariff of the country on all partners.
func Uniform(p Problem, set Settings) (*Result, error) {
	start := time.Now()
	s, err := newSearch(p, set)
	if err != nil {
		return nil, err
	}
	if err := s.scenarioWelfare(); err != nil {
		return s.res, err
	}
	if err := s.uniform(); err != nil {
		return s.res, err
	}
	res, err := s.finish(start)
	if err == nil && !s.set.NoScan {
		s.scan(start)
	}
	return res, err
}

// scenarioWelfare records the country's welfare under the scenario as given.
func (s *search) scenarioWelfare() error {
	r, err := s.p.Base.Solve(s.p.Options, s.p.Shocks, nil)
	s.res.Solves++
	if err != nil {
		return fmt.Errorf("solving the scenario as given: %w", err)
	}
	s.warm = r
	s.res.ScenarioWelfare = r.Countries[s.p.Country].Welfare
	return nil
}

// uniform optimises one rate on every partner.
func (s *search) uniform() error {
	set := s.set
	f := func(x float64) (float64, error) {
		for i := range s.rates {
			s.rates[i] = x
		}
		w, _, err := s.solve()
		return w, err
	}
	x0 := 0.1
	if x0 > set.MaxRate || x0 < set.MinRate {
		x0 = (set.MinRate + set.MaxRate) / 2
	}
	x, _, atBound, err := maximize(f, set.MinRate, set.MaxRate, x0, 0.02, set.Tol)
	if err != nil {
		return err
	}
	s.res.Rate = x
	for i := range s.rates {
		s.rates[i] = x
	}
	if atBound {
		s.res.Reason = fmt.Sprintf("the optimum is at the bound %.4g of the search", x)
		s.res.AtLowerBound = x == set.MinRate
	}
	return nil
}

// ByPartner finds one rate per partner for the top largest partners (by
// the country's baseline imports from them; top ≤ 0 means every partner)
// and one uniform rate on the rest, by coordinate ascent from the uniform
// optimum: each sweep optimises every coordinate in turn, holding the
// others, until no rate moves by more than ten times the tolerance.
func ByPartner(p Problem, top int, set Settings) (*Result, error) {
	start := time.Now()
	s, err := newSearch(p, set)
	if err != nil {
		return nil, err
	}
	if err := s.scenarioWelfare(); err != nil {
		return s.res, err
	}
	if err := s.uniform(); err != nil {
		return s.res, err
	}
	partners := s.largestPartners(top)
	s.res.Partners = partners
	inGroup := make([]bool, p.Base.N)
	for _, i := range partners {
		inGroup[i] = true
	}
	rest := make([]int, 0, p.Base.N)
	for i := 0; i < p.Base.N; i++ {
		if i != p.Country && !inGroup[i] {
			rest = append(rest, i)
		}
	}
	coords := make([][]int, 0, len(partners)+1)
	for _, i := range partners {
		coords = append(coords, []int{i})
	}
	if len(rest) > 0 {
		coords = append(coords, rest)
	}
	// Each coordinate's bracket starts from a step of the size it last
	// moved: later sweeps make small corrections and need few solves.
	step := make([]float64, len(coords))
	for k := range step {
		step[k] = 0.02
	}
	converged := false
	last := math.Inf(-1)
	for s.sweep = 1; s.sweep <= s.set.MaxSweeps; s.sweep++ {
		moved, w := 0.0, math.Inf(-1)
		for k, group := range coords {
			old := s.rates[group[0]]
			f := func(x float64) (float64, error) {
				for _, i := range group {
					s.rates[i] = x
				}
				w, _, err := s.solve()
				return w, err
			}
			x, fx, _, err := maximize(f, s.set.MinRate, s.set.MaxRate, old, step[k], s.set.Tol)
			if err != nil {
				return s.res, err
			}
			for _, i := range group {
				s.rates[i] = x
			}
			d := math.Abs(x - old)
			step[k] = math.Max(2*d, 100*s.set.Tol)
			moved = math.Max(moved, d)
			w = fx
		}
		s.res.Sweeps = s.sweep
		// Converged when no rate moves by more than 0.001 percentage
		// points or a sweep gains less than 1e-10 in welfare (on a flat
		// optimum the rates are then undetermined beyond that).
		if moved <= math.Max(10*s.set.Tol, 1e-5) || w-last < 1e-10 {
			converged = true
			break
		}
		last = w
	}
	if len(rest) > 0 {
		s.res.Rate = s.rates[rest[0]]
	}
	if !converged {
		s.res.Reason = fmt.Sprintf("coordinate ascent stopped after %d sweeps with rates still moving", s.set.MaxSweeps)
	}
	res, err := s.finish(start)
	if err == nil && !s.set.NoScan {
		s.scan(start)
	}
	if res != nil && !converged {
		res.Converged = false
	}
	return res, err
}

// largestPartners returns the top partners by the country's baseline
// imports from them in the sectors taxed, largest first.
func (s *search) largestPartners(top int) []int {
	b, c := s.p.Base, s.p.Country
	N, S := b.N, b.S
	imp := make([]float64, N)
	idx := make([]int, 0, N-1)
	for i := 0; i < N; i++ {
		if i == c {
			continue
		}
		for k := 0; k < S; k++ {
			if taxed(s.p.Sectors, k) {
				imp[i] += b.X[(i*N+c)*S+k]
			}
		}
		idx = append(idx, i)
	}
	sort.SliceStable(idx, func(a, z int) bool { return imp[idx[a]] > imp[idx[z]] })
	if top > 0 && top < len(idx) {
		idx = idx[:top]
	}
	return idx
}

// finish solves at the optimum from scratch (so that the reported
// equilibrium does not depend on the path of warm starts) and fills in
// the result.
func (s *search) finish(start time.Time) (*Result, error) {
	s.warm = nil
	s.strict = true
	w, r, err := s.solve()
	if err != nil {
		return s.res, fmt.Errorf("solving at the optimum: %w", err)
	}
	s.res.Outcome = r
	s.res.Welfare = w
	s.res.Rates = append([]float64(nil), s.rates...)
	s.res.Rates[s.p.Country] = 0
	s.res.Converged = true
	s.res.Seconds = time.Since(start).Seconds()
	return s.res, nil
}

// Maximize finds the maximum of a unimodal f on [lo, hi], starting at x0
// with a first step h and narrowing to tol: the bracketing and
// golden-section search the optimal tariffs use, for other players' best
// responses (the coalition game's answering target). It returns the
// maximiser, its value, and whether it lies at a bound.
func Maximize(f func(float64) (float64, error), lo, hi, x0, h, tol float64) (x, fx float64, atBound bool, err error) {
	return maximize(f, lo, hi, x0, h, tol)
}
