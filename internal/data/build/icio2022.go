package build

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// The icio-2022 world (issue 11): the OECD ICIO 2022 cube as converted by
// tariffwar (81 units × 28 sectors, domestic flows included) with the
// compiled 2018 input–output shares, the Teti tariffs repaired where they
// are artefacts, and world-2023's groups, macro and current-account tables
// for the economies present. BuildICIO makes it; the steps, each recorded in
// ICIOReport and in icio2022/README.md:
//  1. flows: the cube's gross flows (intermediate and final use) as they
//     are, domestic flows included, so no floor and no derivation;
//  2. tariffs: the cube's Teti column, services 0, the US food tariff
//     capped at the statutory MFN rate (repairUSFood), ROW's missing rates
//     filled (fillRestTariffs), the US record's pre-2025 duties (Section
//     232, 301) added to the US's tariffs (addUSDuties);
//  3. value-added and input shares from the 2018 tables, normalised so
//     that β + Σγ = 1, and input shares scaled down where the 2018 structure
//     would use more of a sector than the 2022 flows supply
//     (repairFinalDemand); GDP = Σ_s β·Y;
//  4. names, groups (as world-2023), the elasticity sets, macro and
//     current-account rows for the economies present, and ROW's members.

// The ICIO cube's files read by icio-2022 besides icioTradeFile and
// icioCountriesFile (relative to ICIODir).
const (
	icioSectorsFile      = "icio_sectors.csv"
	icioElasticitiesFile = "icio_elasticities.csv"
)

// The compiled tables read by icio-2022 besides those world-2023 reads.
const (
	vaSharesFile = "icio28_va_shares_2018.csv"
	ioSharesFile = "icio28_io_shares_2018.csv"
	usRatesFile  = "us_effective_sectoral_rates.csv"
)

// ICIOVersion is icio-2022's revision, written to dataset.yaml: 2 adds the
// pre-2025 US duties to the US's tariffs (addUSDuties).
const ICIOVersion = 2

// DefaultElasticitySet is the θ set written to sectors.csv, which
// scenarios use unless they set model.trade_elasticity or
// model.elasticities. Bagwell, Staiger and Yurukoglu (2021) estimate every
// goods sector (4.0–9.6), with no fallback value and no outlier; see
// icio2022/README.md for the comparison with the other seven sets.
const DefaultElasticitySet = "BSY"

// ICIOReport says how icio-2022 was assembled, for `data build` and the
// dataset README.
type ICIOReport struct {
	Units, Sectors   int
	ForeignTotal     float64 // USD million, all sectors
	ServicesForeign  float64 // of which services
	DomesticTotal    float64
	USFood           USFoodRepair
	RestExporterRate float64 // ROW exports' trade-weighted mean tariff after the fill, percent
	RestImport       RestImportTariff
	ServicesTariffs  int      // Teti services rates set to 0
	USDuties         USDuties // step 2: the US record's pre-2025 duties added to the US's tariffs
	RestValues       []string // units whose IO shares are the source's rest-of-world values
	Shares           ShareRepair
	RestGDP          []RestCalibration
	Members          []string // ROW's members, sorted
	Elasticities     []string // set names in the file's order
	Default          string
	GDP              float64 // Σ value added, USD million
	Flags            []data.QualityFlag
}

// cube is the ICIO 2022 cube with its sector list.
type cube struct {
	units   []string // file order, ROW last
	names   map[string]string
	sectors []cubeSector
	trade   []float64 // X_ij,s, (i*N+j)*S+s
	tariff  []float64 // Teti, same layout
}

type cubeSector struct {
	code, name string
	goods      bool
}

func (c *cube) n() int                { return len(c.units) }
func (c *cube) s() int                { return len(c.sectors) }
func (c *cube) at(i, j, s int) int    { return (i*c.n()+j)*c.s() + s }
func (c *cube) index(code string) int { return slices.Index(c.units, code) }

// BuildICIO reads ../shared (compiledDir and ICIODir(compiledDir)) and
// returns icio-2022.
func BuildICIO(compiledDir string) (*data.Dataset, error) {
	d, _, err := BuildICIOReport(compiledDir)
	return d, err
}

// BuildICIOReport is BuildICIO that also returns the figures of each step.
func BuildICIOReport(compiledDir string) (*data.Dataset, *ICIOReport, error) {
	rep := &ICIOReport{Default: DefaultElasticitySet}
	cb, err := readCube(ICIODir(compiledDir))
	if err != nil {
		return nil, nil, err
	}
	N, S := cb.n(), cb.s()
	rep.Units, rep.Sectors = N, S
	if cb.units[N-1] != icioRest {
		return nil, nil, &errs.Error{Op: "build", Kind: errs.Invalid, File: filepath.Join(ICIODir(compiledDir), icioCountriesFile), Field: "code",
			Err: fmt.Errorf("the last unit is %s, want %s", data.Quote(cb.units[N-1]), icioRest)}
	}
	d := &data.Dataset{
		Name: data.ICIOName, Version: ICIOVersion, Year: 2022, Unit: "USD million",
		Description: icioDescription, Sources: icioSources, Licence: icioLicence,
		Coverage: data.CoverageServices,
	}
	sets, order, err := readElasticitySets(ICIODir(compiledDir), cb)
	if err != nil {
		return nil, nil, err
	}
	def, ok := sets[DefaultElasticitySet]
	if !ok {
		return nil, nil, &errs.Error{Op: "build", Kind: errs.Invalid, File: filepath.Join(ICIODir(compiledDir), icioElasticitiesFile), Field: "source",
			Err: fmt.Errorf("no set %s (the default θ)", DefaultElasticitySet)}
	}
	rep.Elasticities = order
	d.Elasticities, d.ElasticitySets = sets, slices.Sorted(slices.Values(order))
	for s, sec := range cb.sectors {
		d.Sectors = append(d.Sectors, data.Sector{Code: sec.code, Name: sec.name, Theta: def[s]})
	}
	// Step 1: flows as they are.
	d.Trade = slices.Clone(cb.trade)
	for i := range N {
		for j := range N {
			for s := range S {
				x := cb.trade[cb.at(i, j, s)]
				if i == j {
					rep.DomesticTotal += x
					continue
				}
				rep.ForeignTotal += x
				if !cb.sectors[s].goods {
					rep.ServicesForeign += x
				}
			}
		}
	}
	// Step 4 first for names and members, which the tariff fill needs.
	members, err := restMembers(compiledDir, cb)
	if err != nil {
		return nil, nil, err
	}
	rep.Members = members
	names, err := icioNames(compiledDir, cb, len(members))
	if err != nil {
		return nil, nil, err
	}
	for _, u := range cb.units {
		c := data.Country{Code: u, Name: names[u]}
		if u != icioRest {
			c.Groups = groupsOf(u)
		}
		d.Countries = append(d.Countries, c)
	}
	d.Members = map[string][]string{icioRest: members}
	d.Groups = groupMap(d)
	macro, err := readMacro(compiledDir)
	if err != nil {
		return nil, nil, err
	}
	d.Macro = map[string]data.Macro{}
	for _, u := range cb.units {
		if m, ok := macro[u]; ok {
			d.Macro[u] = m
		}
	}
	ca, err := readCurrentAccount(compiledDir)
	if err != nil {
		return nil, nil, err
	}
	for _, o := range ca {
		if cb.index(o.Code) >= 0 && o.Code != icioRest {
			d.CurrentAccount = append(d.CurrentAccount, o)
		}
	}
	// Step 2: tariffs.
	if err := setICIOTariffs(compiledDir, cb, d, macro, rep); err != nil {
		return nil, nil, err
	}
	if rep.USDuties, err = addUSDuties(d); err != nil {
		return nil, nil, err
	}
	// Step 3: input–output shares and GDP.
	if err := setShares(compiledDir, cb, d, rep); err != nil {
		return nil, nil, err
	}
	for i := range d.Countries {
		v := 0.0
		for s := range S {
			y := 0.0
			for j := range N {
				y += d.Trade[d.At(i, j, s)]
			}
			v += d.VA[i*S+s] * y
		}
		d.Countries[i].GDP = roundUSD(v)
		rep.GDP += d.Countries[i].GDP
	}
	rep.Flags = d.QualityFlags()
	return d, rep, nil
}

// readCube reads the units, sectors and the 2022 flows and tariffs.
func readCube(dir string) (*cube, error) {
	cs, err := readSource(dir, icioCountriesFile, []string{"code", "name"})
	if err != nil {
		return nil, err
	}
	cb := &cube{names: map[string]string{}}
	for _, r := range cs.rows {
		u := cs.get(r, "code")
		cb.units = append(cb.units, u)
		cb.names[u] = cs.get(r, "name")
	}
	ss, err := readSource(dir, icioSectorsFile, []string{"code", "description", "goods"})
	if err != nil {
		return nil, err
	}
	sector := map[string]int{}
	for _, r := range ss.rows {
		code := ss.get(r, "code")
		name := ss.get(r, "description")
		if code == icioServices {
			name = "Services and utilities (ICIO industries D to T)"
		}
		sector[code] = len(cb.sectors)
		cb.sectors = append(cb.sectors, cubeSector{code: code, name: name, goods: ss.get(r, "goods") == "1"})
	}
	unit := map[string]int{}
	for i, u := range cb.units {
		unit[u] = i
	}
	N, S := cb.n(), cb.s()
	cb.trade, cb.tariff = make([]float64, N*N*S), make([]float64, N*N*S)
	ts, err := readSource(dir, icioTradeFile, []string{"exporter", "importer", "sector", "value_usd_mn", "tariff"})
	if err != nil {
		return nil, err
	}
	seen := make([]bool, N*N*S)
	for k, r := range ts.rows {
		i, ok1 := unit[ts.get(r, "exporter")]
		j, ok2 := unit[ts.get(r, "importer")]
		s, ok3 := sector[ts.get(r, "sector")]
		switch {
		case !ok1:
			return nil, ts.errf(k, "exporter", "unknown unit %s (not in %s)", data.Quote(ts.get(r, "exporter")), icioCountriesFile)
		case !ok2:
			return nil, ts.errf(k, "importer", "unknown unit %s (not in %s)", data.Quote(ts.get(r, "importer")), icioCountriesFile)
		case !ok3:
			return nil, ts.errf(k, "sector", "unknown sector %s (not in %s)", data.Quote(ts.get(r, "sector")), icioSectorsFile)
		}
		v, err := ts.required(k, "value_usd_mn")
		if err != nil {
			return nil, err
		}
		t, err := ts.required(k, "tariff")
		if err != nil {
			return nil, err
		}
		m := cb.at(i, j, s)
		switch {
		case v < 0:
			return nil, ts.errf(k, "value_usd_mn", "negative flow %v", v)
		case t < 0:
			return nil, ts.errf(k, "tariff", "negative tariff %v", t)
		case seen[m]:
			return nil, ts.errf(k, "sector", "repeated row for %s→%s, sector %s", cb.units[i], cb.units[j], cb.sectors[s].code)
		case i == j && t != 0:
			return nil, ts.errf(k, "tariff", "tariff %v on a domestic flow (%s→%s), want 0", t, cb.units[i], cb.units[j])
		}
		seen[m] = true
		cb.trade[m], cb.tariff[m] = v, t
	}
	return cb, nil
}

// readElasticitySets reads the 8 θ sets (epsilon, = θ) in file order.
func readElasticitySets(dir string, cb *cube) (map[string][]float64, []string, error) {
	es, err := readSource(dir, icioElasticitiesFile, []string{"source", "sector", "epsilon"})
	if err != nil {
		return nil, nil, err
	}
	sets := map[string][]float64{}
	var order []string
	for k, r := range es.rows {
		name := es.get(r, "source")
		s := slices.IndexFunc(cb.sectors, func(c cubeSector) bool { return c.code == es.get(r, "sector") })
		if s < 0 {
			return nil, nil, es.errf(k, "sector", "unknown sector %s (not in %s)", data.Quote(es.get(r, "sector")), icioSectorsFile)
		}
		th, err := es.required(k, "epsilon")
		if err != nil {
			return nil, nil, err
		}
		if th < data.MinTheta || th > data.MaxTheta {
			return nil, nil, es.errf(k, "epsilon", "trade elasticity %v outside [%g, %g]", th, float64(data.MinTheta), float64(data.MaxTheta))
		}
		if sets[name] == nil {
			sets[name] = make([]float64, cb.s())
			order = append(order, name)
		}
		sets[name][s] = th
	}
	for _, name := range order {
		if slices.Contains(sets[name], 0) {
			return nil, nil, &errs.Error{Op: "build", Kind: errs.Invalid, File: es.path, Field: "sector", Err: fmt.Errorf("set %s misses a sector", name)}
		}
	}
	return sets, order, nil
}

// restMembers lists the world-2023 economies (BACI's 194 and Taiwan) that
// are not ICIO units: the economies ROW stands for.
func restMembers(compiledDir string, cb *cube) ([]string, error) {
	codes, _, err := readBACI(compiledDir)
	if err != nil {
		return nil, err
	}
	codes = append(codes, addedEconomies...)
	var out []string
	for _, c := range codes {
		if cb.index(c) < 0 {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out, nil
}

// icioNames takes world-2023's names (the compiled tables') where they
// exist, the cube's otherwise (São Tomé and Príncipe), and names ROW by its
// size.
func icioNames(compiledDir string, cb *cube, members int) (map[string]string, error) {
	names := map[string]string{}
	for _, ns := range nameSources {
		s, err := readSource(compiledDir, ns.file, []string{ns.code, ns.name}, "is_aggregate")
		if err != nil {
			return nil, err
		}
		hasAgg := s.has("is_aggregate")
		for _, r := range s.rows {
			c, n := s.get(r, ns.code), s.get(r, ns.name)
			if c == "" || n == "" || names[c] != "" || (hasAgg && s.get(r, "is_aggregate") == "True") {
				continue
			}
			names[c] = n
		}
	}
	out := map[string]string{}
	for _, u := range cb.units {
		out[u] = names[u]
		if out[u] == "" {
			out[u] = cb.names[u]
		}
	}
	out["TWN"] = "Taiwan" // world-2023's name; the cube says "Chinese Taipei"
	out[icioRest] = fmt.Sprintf("Rest of the world (%d economies)", members)
	return out, nil
}

// roundRate rounds a tariff to 0.0001 percentage points, as world-2023 does.
func roundRate(x float64) float64 { return math.Round(x*1e6) / 1e6 }
