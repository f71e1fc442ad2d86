package build

import (
	"path/filepath"
	"slices"

	"github.com/tradebloc/tradebloc/internal/data"
)

// The ICIO inputs, relative to the ICIO directory (see ICIODir).
const (
	icioTradeFile     = "icio_trade_2022.csv"
	icioCountriesFile = "icio_countries.csv"
	icioServices      = "SERV" // the one services sector of the cube; all others are goods
	icioRest          = "ROW"  // ICIO's rest of the world
)

// ICIODir is where the generator looks for the OECD ICIO 2022 cube
// (tariffwar's conversion, see ../shared/data/external/SOURCES.md): the
// directory external/tariffwar_multisector beside the compiled directory.
// Issue 10 authorises world-2023 to read these two files and nothing else
// outside compiled/.
func ICIODir(compiledDir string) string {
	return filepath.Join(compiledDir, "..", "external", "tariffwar_multisector")
}

// icio is the part of the OECD ICIO 2022 cube the generator uses, in USD
// million at basic prices.
type icio struct {
	units    []string              // the ICIO units in file order, ROW included
	economy  map[string]bool       // the units that are economies (all but ROW)
	goods    map[[2]string]float64 // exporter → importer, all sectors but SERV, exporter ≠ importer
	energy   map[[2]string]float64 // the part of goods in energySectors
	domestic map[string]float64    // exporter = importer, all 28 sectors (SERV included)
}

// energySectors are ICIO's energy and ore sectors: coal (B05), crude
// petroleum and natural gas (B06), metal ores (B07), coke and refined
// petroleum (C19): bulk commodities whose origin importers often keep
// confidential.
var energySectors = []string{"B05", "B06", "B07", "C19"}

// energyShare is the share of ICIO goods trade from a to b in energySectors
// (0 without trade).
func (c *icio) energyShare(a, b string) float64 {
	g := c.goodsFlow(a, b)
	if !(g > 0) {
		return 0
	}
	return c.energy[[2]string{a, b}] / g
}

// goodsFlow is ICIO goods trade from a to b (ROW allowed on either side).
func (c *icio) goodsFlow(a, b string) float64 { return c.goods[[2]string{a, b}] }

// readICIO reads icio_countries.csv (the units) and icio_trade_2022.csv.
func readICIO(dir string) (*icio, error) {
	cs, err := readSource(dir, icioCountriesFile, []string{"code"})
	if err != nil {
		return nil, err
	}
	c := &icio{economy: map[string]bool{}, goods: map[[2]string]float64{}, energy: map[[2]string]float64{}, domestic: map[string]float64{}}
	for _, r := range cs.rows {
		u := cs.get(r, "code")
		c.units = append(c.units, u)
		if u != icioRest {
			c.economy[u] = true
		}
	}
	known := func(u string) bool { return u == icioRest || c.economy[u] }
	ts, err := readSource(dir, icioTradeFile, []string{"exporter", "importer", "sector", "value_usd_mn"})
	if err != nil {
		return nil, err
	}
	for k, r := range ts.rows {
		a, b := ts.get(r, "exporter"), ts.get(r, "importer")
		for _, c := range []string{"exporter", "importer"} {
			if u := ts.get(r, c); !known(u) {
				return nil, ts.errf(k, c, "unknown unit %s (not in %s)", data.Quote(u), icioCountriesFile)
			}
		}
		v, err := ts.required(k, "value_usd_mn")
		if err != nil {
			return nil, err
		}
		if v < 0 {
			return nil, ts.errf(k, "value_usd_mn", "negative flow %v", v)
		}
		switch {
		case a == b:
			c.domestic[a] += v
		case ts.get(r, "sector") != icioServices:
			c.goods[[2]string{a, b}] += v
			if slices.Contains(energySectors, ts.get(r, "sector")) {
				c.energy[[2]string{a, b}] += v
			}
		}
	}
	return c, nil
}
