package build

import (
	"math"
	"strconv"

	"github.com/tradebloc/tradebloc/internal/data"
)

// readMacro takes all rows of the compiled macro table (including TWN and
// the EU aggregate EUU, which are not among the 194). Where the World Bank
// has no 2024 GDP (Taiwan), the IMF WEO April 2026 figure for 2024 fills it,
// so surpluses can be sized in dollars for every economy with CA data.
func readMacro(dir string) (map[string]data.Macro, error) {
	s, err := readSource(dir, macroFile, []string{"iso3", "country", "ca_pct_gdp_2023", "ca_pct_gdp_2024", "gdp_usd_bn_2024_wb_sep2026",
		"tariff_applied_weighted_pct", "tariff_simple_mean_pct", "tariff_mfn_weighted_pct"})
	if err != nil {
		return nil, err
	}
	weo, err := weoSeries(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]data.Macro{}
	for k, r := range s.rows {
		// The BoP goods balance comes from another table (see BuildReport).
		m := data.Macro{Name: s.get(r, "country"), GoodsBalanceBoP2023: math.NaN()}
		for _, f := range []struct {
			col string
			dst *float64
		}{
			{"ca_pct_gdp_2023", &m.CAPctGDP2023},
			{"ca_pct_gdp_2024", &m.CAPctGDP2024},
			{"gdp_usd_bn_2024_wb_sep2026", &m.GDPUSDbn2024},
			{"tariff_applied_weighted_pct", &m.TariffAppliedWtd},
			{"tariff_simple_mean_pct", &m.TariffSimpleMean},
			{"tariff_mfn_weighted_pct", &m.TariffMFNWeighted},
		} {
			x, ok, err := s.num(k, f.col)
			if err != nil {
				return nil, err
			}
			if !ok {
				x = math.NaN()
			}
			*f.dst = x
		}
		code := s.get(r, "iso3")
		if math.IsNaN(m.GDPUSDbn2024) {
			if x, ok := weo[code][2024]; ok {
				m.GDPUSDbn2024 = x / 1000
			}
		}
		out[code] = m
	}
	return out, nil
}

// readCurrentAccount takes the IMF WEO CA series, in the file's order.
func readCurrentAccount(dir string) ([]data.CAObservation, error) {
	s, err := readSource(dir, caFile, []string{"iso3", "year", "ca_pct_gdp", "is_projection"})
	if err != nil {
		return nil, err
	}
	out := make([]data.CAObservation, 0, len(s.rows))
	for k, r := range s.rows {
		year, err := s.year(k, "year")
		if err != nil {
			return nil, err
		}
		if year < data.MinYear || year > data.MaxYear {
			return nil, s.errf(k, "year", "year %d outside %d–%d", year, data.MinYear, data.MaxYear)
		}
		pct, err := s.required(k, "ca_pct_gdp")
		if err != nil {
			return nil, err
		}
		proj, err := strconv.ParseBool(s.get(r, "is_projection"))
		if err != nil {
			return nil, s.errf(k, "is_projection", "want True or False, got %s", data.Quote(s.get(r, "is_projection")))
		}
		out = append(out, data.CAObservation{Code: s.get(r, "iso3"), Year: year, PctGDP: pct, Projection: proj})
	}
	return out, nil
}
