package report

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
)

// WriteShocksCSV writes, for every pair and sector a scenario changed, the
// baseline and new tariff, the trade-cost factor and the export subsidy
// (columns importer,exporter,sector,tariff_before,tariff_after,cost_factor,
// subsidy), so users can see exactly what a scenario applied and feed it to
// other tools.
func WriteShocksCSV(w io.Writer, ds *data.Dataset, sh model.Shocks) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"importer", "exporter", "sector", "tariff_before", "tariff_after", "cost_factor", "subsidy"}); err != nil {
		return err
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	N, S := ds.N(), ds.S()
	for j := 0; j < N; j++ {
		for i := 0; i < N; i++ {
			for s := 0; s < S; s++ {
				k := ds.At(i, j, s)
				t0 := 0.0
				if len(ds.Tariffs) > 0 {
					t0 = ds.Tariffs[k]
				}
				t1, d, sub := t0, 1.0, 0.0
				if sh.Tariff != nil {
					t1 = sh.Tariff[k]
				}
				if sh.Cost != nil {
					d = sh.Cost[k]
				}
				if sh.Subsidy != nil {
					sub = sh.Subsidy[k]
				}
				if t1 == t0 && d == 1 && sub == 0 {
					continue
				}
				if err := cw.Write([]string{ds.Countries[j].Code, ds.Countries[i].Code, ds.Sectors[s].Code, f(t0), f(t1), f(d), f(sub)}); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
