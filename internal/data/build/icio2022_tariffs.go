package build

import (
	"fmt"
	"math"
	"slices"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// foodSector is the ICIO sector whose US Teti rate is an artefact.
const foodSector = "C10T12"

// USFoodRepair records the repair of the US tariff on food, beverages and
// tobacco (repairUSFood). Rates are trade-weighted over the US's 2022
// imports in the sector, percent; AfterPct includes ROW's filled rate.
type USFoodRepair struct {
	BeforePct, AfterPct float64
	Capped              int     // exporters whose rate was lowered
	FallbackPct         float64 // the all-partner MFN average used for partners outside the table
}

// RestImportTariff records ROW's import tariff (fillRestTariffs).
type RestImportTariff struct {
	RatePct    float64
	Members    []string // the members whose applied average entered it
	GDPShare   float64  // their share of all members' 2024 GDP (WEO)
	MembersAll int
}

// setICIOTariffs sets the baseline tariffs of icio-2022 (step 2): the
// cube's Teti rates on goods, services 0 (tariffwar gives services the mean
// of the ISIC 40/74/92/93/99 lines, which are not border taxes on
// services), then the two repairs.
func setICIOTariffs(compiledDir string, cb *cube, d *data.Dataset, macro map[string]data.Macro, rep *ICIOReport) error {
	N := cb.n()
	d.Tariffs = slices.Clone(cb.tariff)
	for i := range N {
		for j := range N {
			for s, sec := range cb.sectors {
				if k := d.At(i, j, s); !sec.goods && d.Tariffs[k] != 0 {
					d.Tariffs[k] = 0
					rep.ServicesTariffs++
				}
			}
		}
	}
	if err := repairUSFood(compiledDir, cb, d, &rep.USFood); err != nil {
		return err
	}
	if err := fillRestTariffs(compiledDir, cb, d, macro, rep); err != nil {
		return err
	}
	// The final figure counts ROW's filled rate too.
	rep.USFood.AfterPct = usFoodAverage(cb, d)
	return nil
}

// usFoodAverage is the US tariff on C10T12, trade-weighted over its 2022
// imports, percent.
func usFoodAverage(cb *cube, d *data.Dataset) float64 {
	us := cb.index("USA")
	s := slices.IndexFunc(cb.sectors, func(c cubeSector) bool { return c.code == foodSector })
	var num, den float64
	for i := range cb.units {
		if i != us {
			x := cb.trade[d.At(i, us, s)]
			num += x * d.Tariffs[d.At(i, us, s)]
			den += x
		}
	}
	return 100 * num / den
}

// repairUSFood caps the US tariff on C10T12 at each partner's statutory
// MFN rate. tariffwar builds the Teti rate of a WIOD group as the simple
// mean of its ISIC Rev.3 two-digit lines, so C10T12 averages food (ISIC 15)
// with tobacco (ISIC 16), whose out-of-quota US rates (350 %) make the
// mean 91.3 % on every MFN partner, 36.7 % trade-weighted. No applied rate
// can exceed the statutory MFN rate, so the rate on partner i becomes
// min(Teti, MFN_i), MFN_i the import-weighted MFN average of the US's 2024
// imports from i in C10T12 (compiled us_effective_sectoral_rates.csv,
// 2025-01-01, column mfn_statutory_avg_pct: Budget Lab MFN rates × Census
// HS10 imports; the table's CC BY-NC product scopes are not used). EU
// members without a row of their own take the EU27 row, partners outside
// the table the all-partner row. Preferential rates below MFN stay.
func repairUSFood(compiledDir string, cb *cube, d *data.Dataset, out *USFoodRepair) error {
	src, err := readSource(compiledDir, usRatesFile, []string{"date", "icio_sector", "partner_iso3", "mfn_statutory_avg_pct"})
	if err != nil {
		return err
	}
	mfn := map[string]float64{}
	for k, r := range src.rows {
		if src.get(r, "date") != "2025-01-01" || src.get(r, "icio_sector") != foodSector {
			continue
		}
		v, err := src.required(k, "mfn_statutory_avg_pct")
		if err != nil {
			return err
		}
		mfn[src.get(r, "partner_iso3")] = v
	}
	all, ok := mfn["ALL_51"]
	eu, okEU := mfn["EU27"]
	if !ok || !okEU {
		return &errs.Error{Op: "build", Kind: errs.Invalid, File: src.path, Field: "partner_iso3", Err: fmt.Errorf("no ALL_51 or EU27 row for %s on 2025-01-01", foodSector)}
	}
	out.FallbackPct = all
	us := cb.index("USA")
	s := slices.IndexFunc(cb.sectors, func(c cubeSector) bool { return c.code == foodSector })
	if us < 0 || s < 0 {
		return fmt.Errorf("build: the cube lacks USA or %s", foodSector)
	}
	euSet := groupMembers("EU27")
	out.BeforePct = usFoodAverage(cb, d)
	for i, code := range cb.units {
		if i == us {
			continue
		}
		k := d.At(i, us, s)
		cap, ok := mfn[code]
		switch {
		case ok:
		case slices.Contains(euSet, code):
			cap = eu
		default:
			cap = all
		}
		if c := roundRate(cap / 100); d.Tariffs[k] > c {
			d.Tariffs[k] = c
			out.Capped++
		}
	}
	return nil
}

// fillRestTariffs gives ROW the tariffs the cube lacks (tariffwar has no
// Teti rates for it: 0 both ways).
//   - On ROW's exports, importer j charges in each goods sector its
//     trade-weighted mean rate on its other suppliers: the members of ROW
//     face j's regime on average, preferences included.
//   - On ROW's imports, one rate on every goods sector and supplier: the
//     2024-GDP-weighted mean of the World Bank trade-weighted applied
//     tariffs of the members that have one (macro table).
func fillRestTariffs(compiledDir string, cb *cube, d *data.Dataset, macro map[string]data.Macro, rep *ICIOReport) error {
	N := cb.n()
	row := cb.index(icioRest)
	var rowNum, rowDen float64
	for j := range N {
		if j == row {
			continue
		}
		for s, sec := range cb.sectors {
			if !sec.goods {
				continue
			}
			num, den := 0.0, 0.0
			for i := range N {
				if i != j && i != row {
					x := d.Trade[d.At(i, j, s)]
					num += x * d.Tariffs[d.At(i, j, s)]
					den += x
				}
			}
			if den > 0 {
				k := d.At(row, j, s)
				d.Tariffs[k] = roundRate(num / den)
				rowNum += d.Tariffs[k] * d.Trade[k]
				rowDen += d.Trade[k]
			}
		}
	}
	rep.RestExporterRate = 100 * rowNum / rowDen
	weo, err := weoSeries(compiledDir)
	if err != nil {
		return err
	}
	ri := &rep.RestImport
	ri.MembersAll = len(rep.Members)
	var num, den, gdpAll float64
	for _, m := range rep.Members {
		gdpAll += weo[m][2024]
		mc, ok := macro[m]
		if !ok || math.IsNaN(mc.TariffAppliedWtd) || !(mc.GDPUSDbn2024 > 0) {
			continue
		}
		num += mc.TariffAppliedWtd * mc.GDPUSDbn2024
		den += mc.GDPUSDbn2024
		ri.Members = append(ri.Members, m)
	}
	if den == 0 || gdpAll == 0 {
		return fmt.Errorf("build: no ROW member has a tariff average and a GDP")
	}
	ri.RatePct = math.Round(num/den*100) / 100
	ri.GDPShare = den * 1000 / gdpAll // GDPUSDbn2024 is in billions, WEO in millions
	rate := roundRate(ri.RatePct / 100)
	for i := range N {
		if i == row {
			continue
		}
		for s, sec := range cb.sectors {
			if sec.goods {
				d.Tariffs[d.At(i, row, s)] = rate
			}
		}
	}
	return nil
}

// groupMembers returns the members of one of world-2023's groups.
func groupMembers(name string) []string {
	for _, g := range groups {
		if g.name == name {
			return g.members
		}
	}
	return nil
}
