package data

import (
	"math"
	"slices"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// The optional input–output and elasticity files (DESIGN §4).
const (
	valueAddedFile   = "value_added.csv"
	ioFile           = "io.csv"
	elasticitiesFile = "elasticities.csv"
)

// ioTolerance is how far Σ_k γ + β may be from 1.
const ioTolerance = 1e-6

// HasIO reports whether the dataset carries input–output shares.
func (d *Dataset) HasIO() bool { return len(d.VA) > 0 }

// ValueAdded is β_i,s, the value-added share of country i's gross output in
// sector s (1 without input–output data).
func (d *Dataset) ValueAdded(i, s int) float64 {
	if !d.HasIO() {
		return 1
	}
	return d.VA[i*d.S()+s]
}

// InputShare is γ_i,s,k, the share of inputs from sector k in country i's
// gross output of sector s (0 without input–output data).
func (d *Dataset) InputShare(i, s, k int) float64 {
	if !d.HasIO() {
		return 0
	}
	S := d.S()
	return d.IO[(i*S+s)*S+k]
}

// loadValueAdded reads value_added.csv (β) and io.csv (γ). A row whose
// country is "*" sets every country's share, and rows naming a country
// override it. With one sector and no io.csv, γ = 1 − β on that sector
// (the one-sector input–output model of Ignatenko et al. 2025). Every
// country and sector must end with a β, and Σ_k γ + β must be 1.
func (l *loader) loadValueAdded() error {
	d := l.d
	N, S := d.N(), d.S()
	t, err := l.readTable(valueAddedFile, false, []string{"country", "share"}, []string{"sector"})
	if err != nil || t == nil {
		if err == nil {
			_, ok, rerr := l.read(ioFile, false)
			if rerr != nil {
				return rerr
			}
			if ok {
				return errs.Invalidf(l.name(ioFile), 0, "", "io.csv without value_added.csv: the value-added shares β are needed too")
			}
		}
		return err
	}
	if _, ok := t.col["sector"]; !ok && S > 1 {
		return t.errf(t.rows[0], "sector", "missing column: a dataset with %d sectors needs the sector of each share", S)
	}
	beta := make([]float64, N*S)
	for k := range beta {
		beta[k] = math.NaN()
	}
	star := make([]float64, S)
	for s := range star {
		star[s] = math.NaN()
	}
	// seen maps (country, sector) to the line that set its share (country
	// −1 for a "*" row), for duplicate checks and the line of a zero share.
	seen := map[[2]int]int{}
	for _, r := range t.rows {
		countries, s, err := l.ioKey(t, r, "sector")
		if err != nil {
			return err
		}
		share, err := shareOf(t, r)
		if err != nil {
			return err
		}
		key := [2]int{countries, s}
		if line, dup := seen[key]; dup {
			return t.errf(r, "country", "share given twice (first at line %d)", line)
		}
		seen[key] = r.line
		if countries < 0 {
			star[s] = share
		} else {
			beta[countries*S+s] = share
		}
	}
	for i := 0; i < N; i++ {
		for s := 0; s < S; s++ {
			k := i*S + s
			line, own := seen[[2]int{i, s}]
			if !own {
				beta[k], line = star[s], seen[[2]int{-1, s}]
			}
			if math.IsNaN(beta[k]) {
				return errs.Invalidf(l.name(valueAddedFile), 0, "", "no value-added share for country %s, sector %s (and no \"*\" row for the sector)", d.Countries[i].Code, d.Sectors[s].Code)
			}
			if beta[k] == 0 {
				return errs.Invalidf(l.name(valueAddedFile), line, "share", "value-added share 0 for country %s, sector %s: a sector without labour cannot be priced", d.Countries[i].Code, d.Sectors[s].Code)
			}
		}
	}
	gamma, err := l.loadIO(beta)
	if err != nil {
		return err
	}
	d.VA, d.IO = beta, gamma
	return nil
}

// loadIO reads io.csv into γ at (i*S+s)*S+k and checks Σ_k γ + β = 1.
func (l *loader) loadIO(beta []float64) ([]float64, error) {
	d := l.d
	N, S := d.N(), d.S()
	gamma := make([]float64, N*S*S)
	t, err := l.readTable(ioFile, false, []string{"country", "sector", "input_sector", "share"}, nil)
	if err != nil {
		return nil, err
	}
	if t == nil {
		if S > 1 {
			return nil, errs.Invalidf(l.name(ioFile), 0, "", "missing file: with %d sectors and value_added.csv the input shares γ are needed (with one sector, γ = 1 − β is implied)", S)
		}
		for i := 0; i < N; i++ {
			gamma[i] = 1 - beta[i]
		}
		return gamma, nil
	}
	given := make([]bool, N*S*S)
	starG := make([]float64, S*S)
	starGiven := make([]bool, S*S)
	lineOf := map[int]int{} // (i*S+s) → a line that set a share of it, for the sum check
	starLine := map[int]int{}
	seen := map[[3]int]int{}
	for _, r := range t.rows {
		ci, s, err := l.ioKey(t, r, "sector")
		if err != nil {
			return nil, err
		}
		k, ok := l.sector[t.get(r, "input_sector")]
		if !ok {
			return nil, t.errf(r, "input_sector", "unknown sector %s (not in sectors.csv)", Quote(t.get(r, "input_sector")))
		}
		share, err := shareOf(t, r)
		if err != nil {
			return nil, err
		}
		key := [3]int{ci, s, k}
		if line, dup := seen[key]; dup {
			return nil, t.errf(r, "input_sector", "share given twice (first at line %d)", line)
		}
		seen[key] = r.line
		if ci < 0 {
			starG[s*S+k], starGiven[s*S+k] = share, true
			starLine[s] = r.line
			continue
		}
		gamma[(ci*S+s)*S+k], given[(ci*S+s)*S+k] = share, true
		lineOf[ci*S+s] = r.line
	}
	for i := 0; i < N; i++ {
		for s := 0; s < S; s++ {
			sum := beta[i*S+s]
			own := false
			for k := 0; k < S; k++ {
				if given[(i*S+s)*S+k] {
					own = true
				}
			}
			for k := 0; k < S; k++ {
				m := (i*S+s)*S + k
				if !own && starGiven[s*S+k] {
					gamma[m] = starG[s*S+k]
				}
				sum += gamma[m]
			}
			if math.Abs(sum-1) > ioTolerance {
				line := lineOf[i*S+s]
				if !own {
					line = starLine[s]
				}
				return nil, errs.Invalidf(l.name(ioFile), line, "share", "country %s, sector %s: input shares sum with the value-added share %.6g to %.9g, want 1 (±%g)", d.Countries[i].Code, d.Sectors[s].Code, beta[i*S+s], sum, ioTolerance)
			}
		}
	}
	return gamma, nil
}

// ioKey reads the country (−1 for "*") and sector columns of an IO row.
func (l *loader) ioKey(t *table, r row, sectorCol string) (int, int, error) {
	c := t.get(r, "country")
	ci := -1
	if c != "*" {
		i, ok := l.country[c]
		if !ok {
			return 0, 0, l.unknownCountry(t, r, "country", c)
		}
		ci = i
	}
	s := 0
	if _, has := t.col[sectorCol]; has {
		sec := t.get(r, sectorCol)
		k, ok := l.sector[sec]
		if !ok {
			return 0, 0, t.errf(r, sectorCol, "unknown sector %s (not in sectors.csv)", Quote(sec))
		}
		s = k
	}
	return ci, s, nil
}

// shareOf parses the share column as a number in [0, 1].
func shareOf(t *table, r row) (float64, error) {
	x, _, err := t.number(r, "share", false)
	if err != nil {
		return 0, err
	}
	if x < 0 || x > 1 {
		return 0, t.errf(r, "share", "share %v outside [0, 1]", x)
	}
	return x, nil
}

// loadElasticities reads elasticities.csv: named sets of θ per sector
// (`model.elasticities: NAME`). Every set must give every sector a θ in
// [MinTheta, MaxTheta].
func (l *loader) loadElasticities() error {
	d := l.d
	t, err := l.readTable(elasticitiesFile, false, []string{"set", "sector", "theta"}, nil)
	if err != nil || t == nil {
		return err
	}
	S := d.S()
	d.Elasticities = map[string][]float64{}
	firstLine := map[string]int{}
	for _, r := range t.rows {
		name := t.get(r, "set")
		if !groupPattern.MatchString(name) {
			return t.errf(r, "set", "bad set name %s (want 1–32 letters, digits, _, + or -)", Quote(name))
		}
		s, ok := l.sector[t.get(r, "sector")]
		if !ok {
			return t.errf(r, "sector", "unknown sector %s (not in sectors.csv)", Quote(t.get(r, "sector")))
		}
		theta, _, err := t.number(r, "theta", false)
		if err != nil {
			return err
		}
		if err := checkTheta(t, r, "theta", theta); err != nil {
			return err
		}
		set := d.Elasticities[name]
		if set == nil {
			set = make([]float64, S)
			d.Elasticities[name] = set
			d.ElasticitySets = append(d.ElasticitySets, name)
			firstLine[name] = r.line
		}
		if set[s] != 0 {
			return t.errf(r, "sector", "set %s gives sector %s twice", name, d.Sectors[s].Code)
		}
		set[s] = theta
	}
	for _, name := range d.ElasticitySets {
		for s, th := range d.Elasticities[name] {
			if th == 0 {
				return errs.Invalidf(l.name(elasticitiesFile), firstLine[name], "sector", "set %s gives no θ for sector %s: every set must cover every sector", name, d.Sectors[s].Code)
			}
		}
	}
	slices.Sort(d.ElasticitySets)
	return nil
}

// valueAddedRows writes β, one row per country and sector.
func valueAddedRows(d *Dataset) [][]string {
	recs := [][]string{{"country", "sector", "share"}}
	for i, c := range d.Countries {
		for s, sec := range d.Sectors {
			recs = append(recs, []string{c.Code, sec.Code, formatFloat(d.VA[i*d.S()+s])})
		}
	}
	return recs
}

// ioRows writes the non-zero γ, one row per country, sector and input
// sector (a missing share is 0).
func ioRows(d *Dataset) [][]string {
	recs := [][]string{{"country", "sector", "input_sector", "share"}}
	S := d.S()
	for i, c := range d.Countries {
		for s, sec := range d.Sectors {
			for k, in := range d.Sectors {
				if g := d.IO[(i*S+s)*S+k]; g != 0 {
					recs = append(recs, []string{c.Code, sec.Code, in.Code, formatFloat(g)})
				}
			}
		}
	}
	return recs
}

// elasticityRows writes every named θ set.
func elasticityRows(d *Dataset) [][]string {
	recs := [][]string{{"set", "sector", "theta"}}
	for _, name := range d.ElasticitySets {
		for s, th := range d.Elasticities[name] {
			recs = append(recs, []string{name, d.Sectors[s].Code, formatFloat(th)})
		}
	}
	return recs
}

// impliedIO reports whether io.csv can be left out: one sector with
// γ = 1 − β exactly, which value_added.csv alone implies.
func impliedIO(d *Dataset) bool {
	if d.S() != 1 {
		return false
	}
	for i := range d.Countries {
		if d.IO[i] != 1-d.VA[i] {
			return false
		}
	}
	return true
}
