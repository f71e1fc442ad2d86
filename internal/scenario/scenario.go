package scenario

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
)

// Embedded is the `data` value that selects the default dataset built into
// the binary (world-2023); the name of any embedded dataset (data.EmbeddedNames:
// world-2023, icio-2022) selects that one.
const Embedded = "embedded"

// Scenario is one parsed scenario file. Its zero ModelSpec means the default
// model options, so scenarios can also be built in code (for instance by the
// coalition game) without going through YAML.
type Scenario struct {
	Name        string
	Description string
	Source      string // citation for the policy it describes (built-ins)
	Data        string // Embedded, an embedded dataset's name or a dataset directory, as written
	Model       ModelSpec
	Shocks      []Shock
	// Coalition is the bloc game played on top of the shocks (nil = none).
	Coalition *CoalitionSpec
	// Transship is the `transshipment:` block (nil = no rerouting).
	Transship *TransshipSpec
	// Retaliation is the `retaliation:` block (nil = no answer by the
	// partners beyond the shocks).
	Retaliation *RetaliationSpec

	File string // path it came from, for errors ("" when built in code)
	Dir  string // directory that relative paths are resolved against
	// DataPos locates the `data` key's value (zero when the key is absent),
	// for errors about the dataset it names (CheckDataDir).
	DataPos Pos
	// Inputs are the files read from disk to parse the scenario: the
	// scenario file and the CSV files its shocks name (`file:`), so that a
	// command can refuse an output that would overwrite one of them. Empty
	// for built-ins and scenarios parsed from memory.
	Inputs []string
}

// CheckDataDir checks that the dataset directory the scenario names (its
// `data` key, resolved against the scenario's directory) exists and is a
// directory, so that a mistyped path is reported at the key, with the
// scenario file and line, before the dataset loader reports it without
// them. A scenario on an embedded dataset passes.
func (sc *Scenario) CheckDataDir() error {
	dir := sc.DataDir()
	if dir == "" {
		return nil
	}
	at := sc.DataPos
	if at.Field == "" {
		at = Pos{File: sc.File, Field: "data"}
	}
	where := ""
	if dir != sc.Data {
		where = " (" + sc.Data + " resolved against the scenario's directory)"
	}
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return at.errorf("no dataset directory %s%s; name a dataset directory or an embedded dataset (%s)", dir, where, data.EmbeddedNameList())
	case err != nil:
		return at.errorf("cannot read the dataset directory %s%s: %v", dir, where, err)
	case !st.IsDir():
		return at.errorf("%s%s is a file, not a dataset directory", dir, where)
	}
	return nil
}

// DataDir returns the dataset directory the scenario names, resolved against
// the scenario's directory, or "" for an embedded dataset.
func (sc *Scenario) DataDir() string {
	if sc.Data == "" || data.IsEmbeddedName(sc.Data) {
		return ""
	}
	if filepath.IsAbs(sc.Data) || sc.Dir == "" {
		return sc.Data
	}
	return filepath.Join(sc.Dir, sc.Data)
}

// Numeraire values other than a country code.
const (
	NumeraireWorldPrice = "world_price"
	NumeraireWorldGDP   = "world_gdp"
	NumeraireWorldWage  = "world_wage"
)

// ModelSpec holds the `model:` options as written; Compile turns them into
// model.Options once the dataset (sectors, countries) is known. The zero value
// is the default of DESIGN §4 (θ from the dataset's sectors or 4, fixed
// deficits, κ = ψ = 0, lump-sum revenue, world-price numeraire).
type ModelSpec struct {
	// Theta is one trade elasticity for every sector; 0 = not given.
	Theta float64
	// SectorTheta gives θ per sector (trade_elasticity written as a map); it
	// must then cover every sector of the dataset.
	SectorTheta []SectorTheta
	Deficits    model.Closure
	Kappa       float64 // labor_supply_elasticity
	Psi         float64 // scale_elasticity
	Revenue     model.RevenueUse
	Welfare     model.WelfareMeasure
	// NoIO is model.io: false (the dataset's input–output shares ignored).
	NoIO bool
	// IOVariant is model.io_variant (caliendo_parro or ilms2025), with the
	// position of its value for the options it refuses.
	IOVariant    model.IOVariant
	IOVariantPos Pos
	// Competition is model.competition (perfect or krugman).
	Competition model.Competition
	// Elasticities names a θ set of the dataset (model.elasticities).
	Elasticities Ref
	// Numeraire is NumeraireWorldPrice, NumeraireWorldGDP,
	// NumeraireWorldWage or a country code
	// ("" = world price).
	Numeraire Ref

	// FixedCostShare is ν per country (model.fixed_cost_share: one number
	// for all, or a map code → ν with "*" for the rest); nil = not given.
	// With it the model has the market structure of Ignatenko et al.
	// (2025): fixed costs paid to the destination's labour and tariff
	// pass-through φ = FirmPassthrough + (1+ψ)ν/(1−ν).
	FixedCostShare []CountryValue
	// FirmPassthrough is φ̃, the firm-level tariff pass-through
	// (model.firm_passthrough); 0 = not given (1).
	FirmPassthrough float64

	// ThetaPos locates trade_elasticity, for the error when a sector map
	// misses a sector.
	ThetaPos Pos
	// DeficitsPos locates `deficits`, for analyses that refuse a closure.
	DeficitsPos Pos
	// CompetitionPos locates `competition`, for the options it refuses.
	CompetitionPos Pos
}

// CountryValue is one entry of a per-country model parameter: a country
// code or "*" (every country not named) and its value.
type CountryValue struct {
	Country Ref
	Value   float64
}

// SectorTheta is one entry of a per-sector trade_elasticity map.
type SectorTheta struct {
	Sector Ref
	Theta  float64
}

// Ref is a name (country code, group, sector or "*") with where it was
// written, so that a name unknown to the dataset is reported at its place in
// the file.
type Ref struct {
	Name string
	Pos  Pos
}

// Selector picks countries (or sectors): each Ref is a code, a group name or
// "*" (all). An empty Selector means "not given"; its meaning depends on the
// key (no restriction for a schedule's exporter or for sectors).
type Selector []Ref

// Names builds a Selector from names, for scenarios built in code.
func Names(names ...string) Selector {
	s := make(Selector, len(names))
	for i, n := range names {
		s[i] = Ref{Name: n}
	}
	return s
}

// Pos locates a value for error messages: the scenario file (or a CSV file it
// names), 1-based line and column, and the key path such as
// `shocks[2].tariff.rate`.
type Pos struct {
	File      string
	Line, Col int
	Field     string
}

// errorf returns an Invalid error at p. Errors are built only on failure
// paths, so formatting here costs nothing in the common case.
func (p Pos) errorf(format string, args ...any) *errs.Error {
	return &errs.Error{Op: "scenario", Kind: errs.Invalid, File: p.File, Line: p.Line, Col: p.Col,
		Field: p.Field, Err: fmt.Errorf(format, args...)}
}

// orField fills in a key path for values built in code, which carry no
// position, so their errors still say which shock is at fault.
func (p Pos) orField(field string) Pos {
	if p.Field == "" {
		p.Field = field
	}
	return p
}
